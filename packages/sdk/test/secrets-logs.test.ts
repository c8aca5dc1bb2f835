import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../src/auth/stores/memory.js';
import { MonzoClient } from '../src/client.js';
import { MonzoAuthenticationError, MonzoConnectionError, MonzoNotFoundError } from '../src/core/errors.js';
import type { Logger, RequestLogEvent } from '../src/core/logger.js';
import { fakeFetch, json, type SeenRequest } from './support/fake-fetch.js';
import { caught, findSecrets, rotatedTokenResponse, SECRET, SECRET_VALUES } from './support/secrets.js';

/** The third generation of tokens, from the refresh after a 401. */
const THIRD = {
  access: 'at_SECRET_ACCESS_0003_Zr4uPw7LmC2k',
  refresh: 'rt_SECRET_REFRESH_0003_Gs8vTn1XbH6q',
};
const ALL_SECRETS = [...SECRET_VALUES, THIRD.access, THIRD.refresh];

afterEach(() => {
  vi.restoreAllMocks();
});

function recordingLogger() {
  const lines: string[] = [];
  const events: RequestLogEvent[] = [];
  const logger: Logger = {
    debug(message, event) {
      events.push(event);
      lines.push(inspect([message, event], { depth: 10, showHidden: true }));
    },
  };
  return { logger, lines, events };
}

const echo = (code: string, status: number, extra: Record<string, string> = {}) =>
  json(
    {
      code,
      message: `failed for Bearer ${SECRET.accessToken}`,
      params: { refresh_token: SECRET.refreshToken },
    },
    status,
    extra,
  );

/**
 * A Monzo stand-in scripted for one run: a refresh on the first call, retried 5xx and 429 answers, a 401 that
 * forces a second refresh, a 404, a network failure that names the tokens, and finally a refused refresh.
 */
function scriptedMonzo() {
  let tokenCalls = 0;
  const counts = new Map<string, number>();
  return fakeFetch((request: SeenRequest) => {
    const path = request.url.pathname;
    const seen = (counts.get(path) ?? 0) + 1;
    counts.set(path, seen);
    if (path === '/oauth2/token') {
      tokenCalls++;
      if (tokenCalls === 1) return json(rotatedTokenResponse());
      if (tokenCalls === 2) {
        return json({ ...rotatedTokenResponse(), access_token: THIRD.access, refresh_token: THIRD.refresh });
      }
      return echo('unauthorized.bad_refresh_token', 401);
    }
    if (path === '/accounts') {
      if (seen === 1) return echo('internal_service', 500);
      if (seen === 2) return new Response(`<h1>502</h1> ${SECRET.rotatedAccessToken}`, { status: 502 });
      return json({ accounts: [] });
    }
    if (path === '/balance') {
      if (seen === 1) return echo('unauthorized.bad_access_token.expired', 401);
      return json({ balance: 100, total_balance: 100, currency: 'GBP', spend_today: 0 });
    }
    if (path === '/pots')
      return seen === 1 ? echo('rate_limited', 429, { 'Retry-After': '0' }) : echo('not_found', 404);
    if (path === '/transactions')
      throw new Error(`reset while sending Bearer ${THIRD.access} ${SECRET.clientSecret}`);
    return echo('unauthorized.bad_access_token.evicted', 401);
  });
}

describe('the debug log never carries a secret', () => {
  it('records refreshes, retries and failures without a token, a code or the client secret', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // zero backoff: the retries run at once
    const { logger, lines, events } = recordingLogger();
    const { fetch, requests } = scriptedMonzo();
    const monzo = new MonzoClient({
      clientId: 'oauth2client_00009abc',
      clientSecret: SECRET.clientSecret,
      tokens: { access_token: SECRET.accessToken, refresh_token: SECRET.refreshToken, expires_at: 0 },
      maxRetries: 2,
      logger,
      fetch,
    });

    await expect(monzo.accounts.list()).resolves.toEqual([]);
    await expect(monzo.balance.get('acc_0001')).resolves.toMatchObject({ balance: 100 });
    const errors = [
      await caught(() => monzo.pots.list('acc_0001')),
      await caught(() => monzo.transactions.list({ account_id: 'acc_0001' })),
      await caught(() => monzo.webhooks.list('acc_0001')),
    ];

    // The run went where it was meant to: two refreshes, retries, then the three failures.
    expect(requests.filter((r) => r.url.pathname === '/oauth2/token')).toHaveLength(3);
    expect(requests.at(-1)?.body).toContain(`refresh_token=${THIRD.refresh}`);
    expect(events.some((event) => event.retryInMs !== undefined)).toBe(true);
    expect(events.filter((event) => event.path === '/oauth2/token')).toHaveLength(3);
    expect(errors[0]).toBeInstanceOf(MonzoNotFoundError);
    expect(errors[1]).toBeInstanceOf(MonzoConnectionError);
    expect(errors[2]).toBeInstanceOf(MonzoAuthenticationError);

    expect(lines.length).toBeGreaterThanOrEqual(12);
    expect(lines.flatMap((line) => findSecrets(line, ALL_SECRETS))).toEqual([]);
  });
});

describe('a MonzoClient does not show its secrets', () => {
  const options = () => ({
    clientId: 'oauth2client_00009abc',
    clientSecret: SECRET.clientSecret,
    tokens: { access_token: SECRET.accessToken, refresh_token: SECRET.refreshToken, expires_at: 0 },
  });

  it('hides the configured tokens and client secret from inspect and JSON.stringify', () => {
    const monzo = new MonzoClient({ ...options(), fetch: fakeFetch(() => json({})).fetch });
    const shown = inspect(monzo, { depth: 10, showHidden: true });
    expect(shown).toContain('accounts');
    expect(findSecrets(shown)).toEqual([]);
    expect(findSecrets(JSON.stringify(monzo))).toEqual([]);
  });

  it('hides the rotated tokens after a refresh, and still uses them', async () => {
    const tokenStore = new MemoryTokenStore();
    const { fetch, requests } = fakeFetch((request) =>
      request.url.pathname === '/oauth2/token' ? json(rotatedTokenResponse()) : json({ accounts: [] }),
    );
    const monzo = new MonzoClient({ ...options(), tokenStore, fetch });
    await monzo.accounts.list();
    expect(requests[1]?.headers.get('authorization')).toBe(`Bearer ${SECRET.rotatedAccessToken}`);
    for (const value of [monzo, tokenStore]) {
      expect(findSecrets(inspect(value, { depth: 10, showHidden: true }))).toEqual([]);
      expect(findSecrets(JSON.stringify(value))).toEqual([]);
    }
  });

  it('keeps no token or secret in an own property, at any depth', () => {
    const monzo = new MonzoClient({ ...options(), fetch: fakeFetch(() => json({})).fetch });
    const found: string[] = [];
    const seen = new Set<unknown>();
    // Walks every own property, enumerable or not (what a debugger or a careless serialiser would reach).
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'string' && ALL_SECRETS.includes(value)) found.push(path);
      if (typeof value !== 'object' || value === null || seen.has(value)) return;
      seen.add(value);
      for (const key of Reflect.ownKeys(value)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor && 'value' in descriptor) walk(descriptor.value, `${path}.${String(key)}`);
      }
    };
    walk(monzo, 'client');
    expect(found).toEqual([]);
  });
});
