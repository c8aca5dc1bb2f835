import {
  MonzoBadRequestError,
  MonzoConnectionError,
  MonzoNotFoundError,
  MonzoPaginationError,
  MonzoPermissionError,
  MonzoRedirectError,
  MonzoServerError,
} from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { CliError, explain } from './errors.js';

describe('explain', () => {
  it('hides the password of any URL a reason or a hint quotes', () => {
    const request = { method: 'GET', path: '/balance' };
    const errors = [
      new MonzoConnectionError(
        'GET /balance failed: cannot fetch http://me:hunter2PW@127.0.0.1:9/balance',
        request,
        false,
      ),
      new CliError('failed at https://me:hunter2PW@host/x', 'retry with https://me:hunter2PW@host/y'),
      new Error('plain http://hunter2PW@host'),
    ];
    for (const error of errors) {
      const explained = explain(error);
      expect(JSON.stringify(explained)).not.toContain('hunter2PW');
      expect(explained.reason).toContain('://***@');
    }
  });

  it('tells to check --api-url for a redirect or a walk that does not advance', () => {
    const request = { method: 'GET', path: '/accounts' };
    const redirect = new MonzoRedirectError('redirected', {
      status: 302,
      location: undefined,
      followed: false,
      request,
    });
    const stalled = new MonzoPaginationError('stalled', { since: 'tx_1', pages: 2 });
    for (const error of [redirect, stalled])
      expect(explain(error)).toMatchObject({ exitCode: 1, hint: expect.stringContaining('--api-url') });
  });

  it('gives every answer Monzo refused with a next step, a 404 on an id the listing that shows the ids', () => {
    const init = (status: number, code: string, path: string) => ({
      status,
      code,
      message: 'refused',
      request: { method: 'PUT', path },
    });
    expect(explain(new MonzoNotFoundError(init(404, 'not_found.pot', '/pots/pot_x/deposit'))).hint).toMatch(
      /`monzo pots` lists/,
    );
    expect(explain(new MonzoNotFoundError(init(404, 'not_found', '/balance'))).hint).toMatch(/--api-url/);
    for (const error of [
      new MonzoBadRequestError(init(400, 'bad_request', '/feed')),
      new MonzoPermissionError(init(403, 'forbidden', '/accounts')),
      new MonzoServerError(init(500, 'internal_error', '/accounts')),
    ])
      expect(explain(error, { help: 'monzo feed post --help' }).hint, error.name).toBeTruthy();
  });
});
