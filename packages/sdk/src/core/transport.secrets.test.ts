import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../test/support/fake-fetch.js';
import { createTransport } from '../config/defaults.js';
import { MonzoConnectionError, MonzoResponseParseError } from './errors.js';
import type { AccessTokenSource } from './transport.js';

const TOKEN = 'tok_SECRET_0123456789abcdef';
const CLIENT_SECRET = 'mnzconf_CLIENT_SECRET_xyz987';

const tokens: AccessTokenSource = {
  accessToken: async () => TOKEN,
  recover: async () => {},
  secrets: () => [TOKEN],
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );

/** Every way an error is likely to be printed or shipped, cause chain included. */
function everyRendering(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const asError = current as Error;
    parts.push(
      String(asError.message),
      String(asError.stack),
      JSON.stringify(current),
      inspect(current, { depth: 5 }),
    );
    current = asError.cause;
  }
  return parts.join('\n');
}

function transportAnswering(answer: () => Response) {
  const { fetch } = fakeFetch(answer);
  return createTransport({ fetch, maxRetries: 0 }, { tokens, secrets: () => [CLIENT_SECRET] });
}

describe('Transport never lets a secret into an error', () => {
  it('masks a known token echoed in an error page', async () => {
    const transport = transportAnswering(
      () => new Response(`<html>Bearer ${TOKEN} and ${CLIENT_SECRET}</html>`, { status: 502 }),
    );
    const error = await failure(transport.request({ method: 'GET', path: '/a' }));
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(everyRendering(error)).not.toContain('SECRET');
  });

  it('does not leak the start of a known token that the 200-byte snippet cuts in half', async () => {
    const page = `<html>${'x'.repeat(184)}${TOKEN}</html>`;
    const transport = transportAnswering(() => new Response(page, { status: 502 }));
    const error = (await failure(
      transport.request({ method: 'GET', path: '/a' }),
    )) as MonzoResponseParseError;
    expect(error.bodySnippet.length).toBeLessThanOrEqual(200);
    expect(everyRendering(error)).not.toContain('tok_SECRET');
  });

  it('withholds the body of a token response that is not JSON, and the parser’s quote of it', async () => {
    // V8's JSON.parse error quotes the text around the fault, here the middle of the new token.
    const body = '{"access_token": tok_NEW_SECRET_abcdefghijkl, "refresh_token": "r"}';
    const transport = transportAnswering(() => new Response(body, { status: 200 }));
    const error = await failure(
      transport.request({
        method: 'POST',
        path: '/oauth2/token',
        form: {},
        auth: false,
        secretResponse: true,
      }),
    );
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as MonzoResponseParseError).bodySnippet).not.toContain('tok_');
    expect(everyRendering(error)).not.toContain('tok_NEW');
  });

  it('masks secrets in a network error that an injected fetch built from the request', async () => {
    const fetch: typeof globalThis.fetch = async (_, init) => {
      const auth = new Headers(init?.headers).get('authorization');
      const cause = Object.assign(new Error(`proxy refused ${auth} with secret ${CLIENT_SECRET}`), {
        code: 'ECONNRESET',
      });
      throw new TypeError('fetch failed', { cause });
    };
    const transport = createTransport({ fetch, maxRetries: 0 }, { tokens, secrets: () => [CLIENT_SECRET] });
    const error = await failure(transport.request({ method: 'POST', path: '/feed', form: {} }));
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as Error).message).toContain('proxy refused');
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNRESET');
    expect(everyRendering(error)).not.toContain('SECRET');
  });

  it('masks the secrets of a form body quoted back in an error page', async () => {
    const transport = transportAnswering(
      () =>
        new Response('bad form: grant_type=refresh_token&refresh_token=rt_UNKNOWN_SECRET_1', { status: 500 }),
    );
    const error = await failure(
      transport.request({ method: 'POST', path: '/oauth2/token', form: {}, auth: false }),
    );
    expect(everyRendering(error)).not.toContain('UNKNOWN_SECRET');
  });

  it('masks the secret form fields of the request itself when a JSON error echoes them', async () => {
    const code = 'authcode_ECHO_0123456789';
    const refresh = 'rt_ECHO_SECRET_0123456789';
    const { fetch } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({ code: 'bad_request.invalid_grant', message: `bad ${code} / ${refresh}` }),
          {
            status: 400,
          },
        ),
    );
    const transport = createTransport({ fetch, maxRetries: 0 });
    const form = { grant_type: 'authorization_code', code, refresh_token: refresh };
    const error = await failure(
      transport.request({ method: 'POST', path: '/oauth2/token', form, auth: false }),
    );
    expect((error as Error).message).toContain('bad [REDACTED] / [REDACTED]');
    expect(everyRendering(error)).not.toContain('ECHO');
  });
});
