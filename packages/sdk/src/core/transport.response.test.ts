import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json } from '../../test/support/fake-fetch.js';
import { exampleJson } from '../../test/support/fixtures.js';
import { createTransport } from '../config/defaults.js';
import { VERSION } from '../version.js';
import { MonzoAuthenticationError, MonzoResponseParseError, MonzoServerError } from './errors.js';
import type { RequestLogEvent } from './logger.js';
import type { AccessTokenSource } from './transport.js';

const HTML_502 = `<html><head><title>502 Bad Gateway</title></head><body>${'<p>upstream</p>'.repeat(40)}</body></html>`;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );

/** A token source that hands out `tokens` in turn, moving on each time it is asked to recover. */
function fakeTokens(...tokens: string[]) {
  let current = 0;
  const recovered: string[] = [];
  const source: AccessTokenSource = {
    accessToken: async () => tokens[current] as string,
    recover: async (stale) => {
      recovered.push(stale);
      current++;
    },
    secrets: () => [tokens[current] as string],
  };
  return { source, recovered };
}

beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Transport parsing of answers', () => {
  it('turns an HTML 502 into MonzoResponseParseError with the status and first bytes, after the GET retries', async () => {
    const { fetch, requests } = fakeFetch(() => new Response(HTML_502, { status: 502 }));
    const error = await failure(
      createTransport({ fetch, maxRetries: 2 }).request({ method: 'GET', path: '/a' }),
    );
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    const parseError = error as MonzoResponseParseError;
    expect(parseError.status).toBe(502);
    expect(parseError.bodySnippet).toBe(HTML_502.slice(0, 200));
    expect(parseError.message).toContain('502');
    expect(requests).toHaveLength(3);
  });

  it('does not retry an HTML 502 for a POST', async () => {
    const { fetch, requests } = fakeFetch(() => new Response(HTML_502, { status: 502 }));
    const error = await failure(
      createTransport({ fetch }).request({ method: 'POST', path: '/feed', form: {} }),
    );
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['an empty 200', () => new Response('', { status: 200 })],
    ['a 204', () => new Response(null, { status: 204 })],
    ['a whitespace body', () => new Response(' \n', { status: 200 })],
  ])('returns undefined for %s', async (_label, answer) => {
    const { fetch } = fakeFetch(answer);
    await expect(
      createTransport({ fetch }).request({ method: 'DELETE', path: '/x' }),
    ).resolves.toBeUndefined();
  });

  it('reports a non-JSON 2xx as a parse error, without retrying it', async () => {
    const { fetch, requests } = fakeFetch(() => new Response('OK', { status: 200 }));
    const error = await failure(createTransport({ fetch }).request({ method: 'GET', path: '/a' }));
    expect(error).toBeInstanceOf(MonzoResponseParseError);
    expect((error as MonzoResponseParseError).status).toBe(200);
    expect((error as MonzoResponseParseError).bodySnippet).toBe('OK');
    expect(requests).toHaveLength(1);
  });

  it('maps a JSON error body whatever its content type', async () => {
    const { fetch } = fakeFetch(() => new Response('{"code":"internal_service"}', { status: 500 }));
    const error = await failure(
      createTransport({ fetch, maxRetries: 0 }).request({ method: 'GET', path: '/a' }),
    );
    expect(error).toBeInstanceOf(MonzoServerError);
  });

  it('keeps the x-request-id of an error answer', async () => {
    const { fetch } = fakeFetch(() => json({ code: 'internal_service' }, 500, { 'X-Request-Id': 'req_42' }));
    const error = await failure(
      createTransport({ fetch, maxRetries: 0 }).request({ method: 'GET', path: '/a' }),
    );
    expect((error as MonzoServerError).requestId).toBe('req_42');
  });
});

describe('Transport and an expired access token', () => {
  it('recovers once on 401 bad_access_token.expired and replays the request with the new token', async () => {
    const { source, recovered } = fakeTokens('old_token_aaaaaaaa', 'new_token_bbbbbbbb');
    const { fetch, requests } = fakeFetch((_, index) =>
      index === 0 ? json(exampleJson('error.access-token-expired.json'), 401) : json({ ok: true }),
    );
    const transport = createTransport({ fetch }, { tokens: source });
    const body = await transport.request({ method: 'POST', path: '/feed', form: { a: '1' } });
    expect(body).toEqual({ ok: true });
    expect(recovered).toEqual(['old_token_aaaaaaaa']);
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer old_token_aaaaaaaa',
      'Bearer new_token_bbbbbbbb',
    ]);
    expect(requests[1]?.body).toBe('a=1');
  });

  it('throws the second 401 instead of recovering again', async () => {
    const { source, recovered } = fakeTokens(
      'old_token_aaaaaaaa',
      'new_token_bbbbbbbb',
      'third_token_cccccc',
    );
    const { fetch, requests } = fakeFetch(() => json(exampleJson('error.access-token-evicted.json'), 401));
    const error = await failure(
      createTransport({ fetch }, { tokens: source }).request({ method: 'GET', path: '/a' }),
    );
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(recovered).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });

  it('does not try to recover from a 401 about something other than the access token', async () => {
    const { source, recovered } = fakeTokens('old_token_aaaaaaaa');
    const { fetch, requests } = fakeFetch(() => json(exampleJson('error.bad-refresh-token.json'), 401));
    const error = await failure(
      createTransport({ fetch }, { tokens: source }).request({ method: 'GET', path: '/a' }),
    );
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(recovered).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('does not recover for a request sent without the token', async () => {
    const { source, recovered } = fakeTokens('old_token_aaaaaaaa');
    const { fetch } = fakeFetch(() => json(exampleJson('error.access-token-expired.json'), 401));
    const transport = createTransport({ fetch }, { tokens: source });
    await failure(transport.request({ method: 'POST', path: '/oauth2/token', form: {}, auth: false }));
    expect(recovered).toEqual([]);
  });
});

describe('Transport headers', () => {
  it('sends User-Agent monzo-ts/<VERSION>, followed by the caller’s suffix when given', async () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    await createTransport({ fetch }).request({ method: 'GET', path: '/a' });
    await createTransport({ fetch, userAgent: 'budget-app/2.1' }).request({ method: 'GET', path: '/a' });
    expect(requests.map((request) => request.headers.get('user-agent'))).toEqual([
      `monzo-ts/${VERSION}`,
      `monzo-ts/${VERSION} budget-app/2.1`,
    ]);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('sends the bearer token only when auth is on and a token source exists', async () => {
    const { source } = fakeTokens('tok_header_abcdefgh');
    const { fetch, requests } = fakeFetch(() => json({}));
    const transport = createTransport({ fetch }, { tokens: source });
    await transport.request({ method: 'GET', path: '/a' });
    await transport.request({ method: 'POST', path: '/oauth2/token', form: {}, auth: false });
    await createTransport({ fetch }).request({ method: 'GET', path: '/a' });
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer tok_header_abcdefgh',
      null,
      null,
    ]);
  });

  it('sends JSON bodies with their content type, and asks for JSON', async () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    await createTransport({ fetch }).request({
      method: 'PUT',
      path: '/r',
      json: { external_id: 'e1', total: 5 },
    });
    expect(requests[0]?.body).toBe('{"external_id":"e1","total":5}');
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(requests[0]?.headers.get('accept')).toBe('application/json');
  });
});

describe('Transport logging', () => {
  it('gives the logger one event per attempt, with no token anywhere', async () => {
    const token = 'tok_LOGGED_NEVER_123456';
    const { source } = fakeTokens(token);
    const lines: Array<[string, RequestLogEvent]> = [];
    const logger = { debug: (message: string, event: RequestLogEvent) => lines.push([message, event]) };
    const { fetch } = fakeFetch((_, index) =>
      index === 0 ? json({ code: 'internal_service', message: `echo ${token}` }, 503) : json({ token }),
    );
    await createTransport({ fetch, logger }, { tokens: source }).request({
      method: 'GET',
      path: '/accounts',
    });
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map(([, event]) => event);
    expect(first).toMatchObject({ method: 'GET', path: '/accounts', status: 503, attempt: 1, retryInMs: 0 });
    expect(first?.error).toBe('MonzoServerError');
    expect(second).toMatchObject({ method: 'GET', path: '/accounts', status: 200, attempt: 2 });
    expect(second).not.toHaveProperty('retryInMs');
    for (const [message, event] of lines) {
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(event.durationMs)).toBe(true);
      expect(message).toContain('GET /accounts');
    }
    expect(JSON.stringify(lines)).not.toContain('tok_LOGGED');
  });

  it('logs the failed attempt of a refresh replay too', async () => {
    const { source } = fakeTokens('old_token_aaaaaaaa', 'new_token_bbbbbbbb');
    const events: RequestLogEvent[] = [];
    const logger = { debug: (_: string, event: RequestLogEvent) => events.push(event) };
    const { fetch } = fakeFetch((_, index) =>
      index === 0 ? json(exampleJson('error.access-token-expired.json'), 401) : json({}),
    );
    await createTransport({ fetch, logger }, { tokens: source }).request({ method: 'GET', path: '/a' });
    expect(events.map((event) => [event.status, event.error])).toEqual([
      [401, 'MonzoAuthenticationError'],
      [200, undefined],
    ]);
    expect(JSON.stringify(events)).not.toContain('_token_');
  });
});
