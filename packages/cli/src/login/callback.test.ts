import { exchangeCode, MonzoBadRequestError } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { completeCallback, type Exchange, printable } from './callback.js';

/** The real state check: exchangeCode's, expecting `the-state`; past the checks, the token call is faked. */
const exchange: Exchange = ({ code, state }) =>
  exchangeCode({
    clientId: 'oauth2client_1',
    clientSecret: 'secret',
    apiUrl: 'http://monzo.test',
    redirectUri: 'http://127.0.0.1:8080/callback',
    code,
    state,
    expectedState: 'the-state',
    fetch: async () =>
      Response.json({
        access_token: 'a',
        client_id: 'c',
        expires_in: 60,
        token_type: 'Bearer',
        user_id: 'user_1',
      }),
  });

describe('completeCallback', () => {
  it('exchanges the code when the state is this login’s', async () => {
    const outcome = await completeCallback(new URLSearchParams('code=c0de&state=the-state'), exchange);
    expect(outcome.ok).toBe(true);
  });

  it('refuses a wrong or missing state, a missing code and an error parameter, explaining each', async () => {
    const cases: Array<[string, RegExp, number]> = [
      ['code=c0de&state=another', /state does not match/, 400],
      ['code=c0de', /state does not match/, 400],
      ['state=the-state', /carried no code/, 400],
      ['error=access_denied&state=the-state', /access was denied/, 403],
      [
        'error=server_error&error_description=try+later',
        /Monzo did not log you in \(server_error: try later\)/,
        403,
      ],
    ];
    for (const [query, reason, status] of cases) {
      const outcome = await completeCallback(new URLSearchParams(query), exchange);
      if (outcome.ok) throw new Error(`accepted ${query}`);
      expect(outcome.error.message).toMatch(reason);
      expect(outcome.error.message).toContain('nothing was saved');
      expect(outcome.error.hint).toContain('monzo login');
      expect(outcome.page.status).toBe(status);
    }
  });

  it('explains a failed exchange without the code', async () => {
    const failing: Exchange = async () => {
      throw new MonzoBadRequestError({
        status: 400,
        code: 'bad_request.invalid_grant',
        message: 'code expired',
      });
    };
    const outcome = await completeCallback(new URLSearchParams('code=c0de-secret&state=s'), failing);
    if (outcome.ok) throw new Error('accepted');
    expect(outcome.error.message).toContain('could not exchange the login code');
    expect(outcome.error.message).not.toContain('c0de-secret');
    expect(outcome.page.title).toBe('Login failed');
  });

  it('keeps only short, plain text of what a caller sends', () => {
    expect(printable('\u001b[31mred\u0007 and\nnew')).toBe('[31mred andnew');
    expect(printable('x'.repeat(500))).toHaveLength(120);
  });
});
