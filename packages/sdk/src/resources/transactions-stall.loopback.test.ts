import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startLoopback } from '../../test/support/loopback.js';
import { MonzoClient } from '../client.js';
import { MonzoPaginationError } from '../core/errors.js';

/**
 * A server on a real socket that ignores `since` (and `before`): `iterate` must end with a typed error after a
 * few requests, not walk the same pages for ever (as it did: 2,089 requests, one id yielded 1,045 times).
 */

const ACCOUNT = 'acc_00009237aqC8c5umZmrRdh';
const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function transaction(n: number) {
  return {
    id: `tx_${String(n).padStart(6, '0')}`,
    amount: -n,
    currency: 'GBP',
    created: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
    description: 'x',
    merchant: null,
    metadata: {},
    notes: '',
    is_load: false,
    settled: '',
    category: 'general',
  };
}

/** Serves `pageFor(request number)` of `limit` transactions, whatever `since` and `before` say. */
async function ignoringSince(pageFor: (request: number, limit: number) => number) {
  let requests = 0;
  const server = await startLoopback((request, response) => {
    const limit = Number(request.url.searchParams.get('limit') ?? 30);
    const start = pageFor(requests++, limit) * limit;
    sendJson(response, 200, {
      transactions: Array.from({ length: limit }, (_, index) => transaction(start + index)),
    });
  });
  servers.push(server);
  return { url: server.url, requests: () => requests };
}

/** Walks at most `cap` items: the error the walk ended with, or undefined when it ended (or was cut) without one. */
async function walk(monzo: MonzoClient, params: { since?: string; before?: string }, cap = 5_000) {
  const seen: string[] = [];
  try {
    for await (const tx of monzo.transactions.iterate({ account_id: ACCOUNT, ...params })) {
      seen.push(tx.id);
      if (seen.length >= cap) break;
    }
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
}

describe('transactions.iterate against a server that ignores since', () => {
  it.each([
    ['the first page every time', () => 0],
    ['two pages in turn', (request: number) => request % 2],
    ['three pages in turn', (request: number) => request % 3],
  ])('serving %s: ends with a MonzoPaginationError', async (_, pageFor) => {
    const server = await ignoringSince(pageFor);
    const monzo = new MonzoClient({ accessToken: 'at_0123456789abcdef', apiUrl: server.url });
    const { seen, error } = await walk(monzo, { since: '2024-01-01T00:00:00Z' });
    expect(error).toBeInstanceOf(MonzoPaginationError);
    expect((error as Error).message).toContain('GET /transactions');
    expect(new Set(seen).size).toBe(seen.length);
    expect(server.requests()).toBeLessThanOrEqual(4);
  });

  it('ends the same way with `before` given, which it ignores too', async () => {
    const server = await ignoringSince((request) => request % 2);
    const monzo = new MonzoClient({ accessToken: 'at_0123456789abcdef', apiUrl: server.url });
    const { error } = await walk(monzo, { since: '2024-01-01T00:00:00Z', before: '2024-02-01T00:00:00Z' });
    expect(error).toBeInstanceOf(MonzoPaginationError);
    expect(server.requests()).toBeLessThanOrEqual(3);
  });
});
