import { afterEach, describe, expect, it, vi } from 'vitest';
import { exampleJson } from '../../test/support/fixtures.js';
import {
  ACCESS,
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH,
  type TokenServerOptions,
  tokenServerForTest,
} from '../../test/support/token-server.js';
import { MonzoClient } from '../client.js';
import { MonzoAuthenticationError } from '../core/errors.js';
import type { TokenStore } from './stores/token-store.js';
import type { TokenSet } from './token-set.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

/** A token server on loopback and a client whose tokens expire at `expiresAt`; the clock stands at NOW. */
async function setup(
  tokens: Partial<TokenSet> & { expires_at?: number },
  extra: { tokenStore?: TokenStore; server?: Partial<TokenServerOptions> } = {},
) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  const server = await tokenServerForTest(extra.server);
  const client = new MonzoClient({
    apiUrl: server.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokens: { access_token: ACCESS, refresh_token: REFRESH, ...tokens },
    ...(extra.tokenStore ? { tokenStore: extra.tokenStore } : {}),
  });
  return { server, client };
}

describe('refresh before expiry (5-minute margin)', () => {
  it('refreshes first when 4 min 59 s are left, then sends the call with the new token', async () => {
    const { server, client } = await setup({ expires_at: NOW + 4 * MINUTE + 59_000 });
    await client.whoami();
    expect(server.counts.refresh).toBe(1);
    expect(server.data.map((request) => request.token)).toEqual([server.issued(1).access]);
  });

  it('refreshes when exactly 5 minutes are left', async () => {
    const { server, client } = await setup({ expires_at: NOW + 5 * MINUTE });
    await client.whoami();
    expect(server.counts.refresh).toBe(1);
  });

  it('does not refresh when 5 min 1 s are left', async () => {
    const { server, client } = await setup({ expires_at: NOW + 5 * MINUTE + 1_000 });
    await client.whoami();
    expect(server.counts.refresh).toBe(0);
    expect(server.data.map((request) => request.token)).toEqual([ACCESS]);
  });

  it('refreshes once the clock moves into the margin, and not again for the new token', async () => {
    const { server, client } = await setup({ expires_at: NOW + 6 * 60 * MINUTE });
    await client.whoami();
    vi.setSystemTime(NOW + 6 * 60 * MINUTE - 5 * MINUTE - 1_000);
    await client.whoami();
    vi.setSystemTime(NOW + 6 * 60 * MINUTE - 4 * MINUTE);
    await client.whoami();
    await client.whoami();
    expect(server.counts.refresh).toBe(1);
    const issued = server.issued(1).access;
    expect(server.data.map((request) => request.token)).toEqual([ACCESS, ACCESS, issued, issued]);
  });
});

describe('refresh after a 401', () => {
  it('on unauthorized.bad_access_token.expired, refreshes once and replays the same request once', async () => {
    const { server, client } = await setup({ expires_at: NOW + 60 * MINUTE });
    server.expire(ACCESS);
    expect(await client.whoami()).toEqual(exampleJson('whoami.response.json'));
    expect(server.counts).toMatchObject({ refresh: 1, unauthorized: 1, data: 1 });
    expect(server.refused[0]?.url.pathname).toBe('/ping/whoami');
    expect(server.data[0]?.url.pathname).toBe('/ping/whoami');
    expect(server.data[0]?.token).toBe(server.issued(1).access);
  });

  it('replays a POST refused with 401 with the same body', async () => {
    const { server, client } = await setup({ expires_at: NOW + 60 * MINUTE });
    server.expire(ACCESS);
    await client.feed.create({
      account_id: 'acc_00009237aqC8c5umZmrRdh',
      params: { title: 'Saved £5', image_url: 'https://example.com/icon.png' },
    });
    expect(server.counts.refresh).toBe(1);
    const [refused] = server.refused;
    const [replayed] = server.data;
    expect(refused?.method).toBe('POST');
    expect(replayed?.method).toBe('POST');
    expect(replayed?.body).toBe(refused?.body);
    expect(replayed?.body).toContain('params%5Btitle%5D=Saved+%C2%A35');
    expect(replayed?.headers['content-type']).toBe(refused?.headers['content-type']);
  });

  it('gives up with the 401 when the replay is refused too, after one refresh (no loop)', async () => {
    const { server, client } = await setup({ expires_at: NOW + 60 * MINUTE });
    server.evict(ACCESS);
    server.evict(server.issued(1).access);
    const error = await client.whoami().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(server.counts.refresh).toBe(1);
    expect(server.counts.unauthorized).toBe(2);
    expect(server.refused.map((request) => request.token)).toEqual([ACCESS, server.issued(1).access]);
  });
});

describe('when no refresh is possible', () => {
  it('an expired token without a refresh token raises loginRequired, saying to log in again, and sends nothing', async () => {
    const { server, client } = await setup({ refresh_token: undefined, expires_at: NOW - 1 });
    const error = await client.whoami().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoAuthenticationError);
    expect(error).toMatchObject({ loginRequired: true });
    expect((error as Error).message).toMatch(/log in again/);
    expect(server.counts).toEqual({ refresh: 0, exchange: 0, logout: 0, data: 0, unauthorized: 0 });
  });

  it('a refused refresh token raises loginRequired and leaves the stored tokens as they were', async () => {
    const { MemoryTokenStore } = await import('./stores/memory.js');
    const stored: TokenSet = {
      access_token: ACCESS,
      refresh_token: 'spent-refresh-token-000000',
      expires_at: NOW,
    };
    const store = new MemoryTokenStore(stored);
    const { server, client } = await setup({}, { tokenStore: store });
    const error = await client.whoami().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'MonzoAuthenticationError', loginRequired: true });
    expect((error as Error).message).toMatch(/log in again/);
    expect(server.counts.refresh).toBe(1);
    expect(server.counts.data).toBe(0);
    expect(await store.get()).toEqual(stored);
  });
});

describe('waiting on a shared refresh', () => {
  it('an aborted caller gets MonzoAbortError while the others still get the new token', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let refreshArrived!: () => void;
    const arrived = new Promise<void>((resolve) => {
      refreshArrived = resolve;
    });
    const { server, client } = await setup(
      { expires_at: NOW - 1 },
      {
        server: {
          beforeRefresh: () => {
            refreshArrived();
            return held;
          },
        },
      },
    );
    const controller = new AbortController();
    // The aborted caller is the one whose call started the refresh: the refresh must go on for the others.
    const aborted = client.whoami({ signal: controller.signal });
    const others = [client.whoami(), client.whoami()];
    await arrived;
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'MonzoAbortError' });
    release();
    await expect(Promise.all(others)).resolves.toHaveLength(2);
    expect(server.counts.refresh).toBe(1);
    expect(server.data.map((request) => request.token)).toEqual([
      server.issued(1).access,
      server.issued(1).access,
    ]);
  });
});
