import { describe, expect, it } from 'vitest';
import {
  ACCESS,
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH,
  tokenServerForTest,
} from '../../test/support/token-server.js';
import { MonzoClient } from '../client.js';
import { MemoryTokenStore } from './stores/memory.js';

const CALLS = 1_000;

function client(url: string, expiresAt: number, store = new MemoryTokenStore()) {
  return new MonzoClient({
    apiUrl: url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokens: { access_token: ACCESS, refresh_token: REFRESH, expires_at: expiresAt },
    tokenStore: store,
  });
}

describe('single flight over a real loopback server', () => {
  it(`${CALLS} concurrent calls that find the token expired cause exactly one refresh, and all succeed`, async () => {
    const server = await tokenServerForTest();
    const store = new MemoryTokenStore();
    const monzo = client(server.url, Date.now() - 1_000, store);
    const results = await Promise.all(Array.from({ length: CALLS }, () => monzo.whoami()));

    expect(results).toHaveLength(CALLS);
    expect(results.every((whoami) => whoami.authenticated === true)).toBe(true);
    expect(server.counts.refresh).toBe(1);
    expect(server.counts.unauthorized).toBe(0);
    // At least: a socket lost under load may be retried (with the same token), which is not what is measured here.
    expect(server.data.length).toBeGreaterThanOrEqual(CALLS);
    const { access, refresh } = server.issued(1);
    expect(new Set(server.data.map((request) => request.token))).toEqual(new Set([access]));
    expect(await store.get()).toMatchObject({ access_token: access, refresh_token: refresh });
  });

  it(`${CALLS} concurrent calls refused with 401 on an evicted token cause exactly one refresh`, async () => {
    const server = await tokenServerForTest();
    server.evict(ACCESS);
    const monzo = client(server.url, Date.now() + 60 * 60_000);
    const results = await Promise.all(Array.from({ length: CALLS }, () => monzo.whoami()));

    expect(results).toHaveLength(CALLS);
    expect(server.counts.refresh).toBe(1);
    // Each call went out with the evicted token and was replayed with the new one.
    expect(server.refused.length).toBeGreaterThanOrEqual(CALLS);
    expect(new Set(server.refused.map((request) => request.token))).toEqual(new Set([ACCESS]));
    expect(server.data.length).toBeGreaterThanOrEqual(CALLS);
    expect(new Set(server.data.map((request) => request.token))).toEqual(new Set([server.issued(1).access]));
  });

  it('calls that start after the shared refresh finished use the new token without another refresh', async () => {
    const server = await tokenServerForTest();
    const monzo = client(server.url, Date.now() - 1_000);
    await Promise.all(Array.from({ length: 10 }, () => monzo.whoami()));
    await Promise.all(Array.from({ length: 10 }, () => monzo.whoami()));
    expect(server.counts.refresh).toBe(1);
    expect(server.data).toHaveLength(20);
  });
});
