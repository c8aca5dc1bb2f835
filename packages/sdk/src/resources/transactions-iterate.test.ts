import { describe, expect, expectTypeOf, it } from 'vitest';
import { clientAnswering } from '../../test/support/clients.js';
import { json } from '../../test/support/fake-fetch.js';
import { MonzoValidationError } from '../core/errors.js';
import type { Merchant, Transaction } from '../models/transaction.js';

const ACCOUNT = 'acc_00009237aqC8c5umZmrRdh';

function transactions(from: number, count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: `tx_${String(from + index).padStart(6, '0')}`,
    amount: -(from + index),
    currency: 'GBP',
    created: '2024-01-01T00:00:00Z',
    description: 'x',
    merchant: null,
    metadata: {},
    notes: '',
    is_load: false,
    settled: '',
    category: 'general',
  }));
}

/** Answers with the given page sizes in order, numbering the transactions across pages. */
function pagedClient(sizes: number[]) {
  let next = 1;
  return clientAnswering((_request, index) => {
    const page = transactions(next, sizes[index] ?? 0);
    next += page.length;
    return json({ transactions: page });
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('transactions.iterate', () => {
  it('asks for 100 at a time, passes the last id as since, and stops on a short page', async () => {
    const { monzo, requests } = pagedClient([100, 100, 3]);
    const seen = await collect(monzo.transactions.iterate({ account_id: ACCOUNT }));
    expect(seen).toHaveLength(203);
    expect(seen.map((tx) => tx.id)).toEqual(transactions(1, 203).map((tx) => tx.id));
    expect(requests).toHaveLength(3);
    expect(requests.map((request) => request.url.searchParams.get('limit'))).toEqual(['100', '100', '100']);
    expect(requests.map((request) => request.url.searchParams.get('since'))).toEqual([
      null,
      'tx_000100',
      'tx_000200',
    ]);
    expect(requests.every((request) => request.url.searchParams.get('account_id') === ACCOUNT)).toBe(true);
  });

  it('makes one more request after a full last page and stops on the empty one', async () => {
    const { monzo, requests } = pagedClient([100, 0]);
    expect(await collect(monzo.transactions.iterate({ account_id: ACCOUNT }))).toHaveLength(100);
    expect(requests).toHaveLength(2);
  });

  it('sends before and expand[] on every page, and a Date since as RFC 3339 on the first', async () => {
    const { monzo, requests } = pagedClient([2, 2, 1]);
    const items = await collect(
      monzo.transactions.iterate({
        account_id: ACCOUNT,
        since: new Date('2024-01-01T00:00:00Z'),
        before: '2024-02-01T00:00:00Z',
        limit: 2,
        expand: ['merchant'],
      }),
    );
    expectTypeOf(items).toEqualTypeOf<Transaction<Merchant>[]>();
    expect(items).toHaveLength(5);
    expect(requests.map((request) => request.url.searchParams.get('since'))).toEqual([
      '2024-01-01T00:00:00.000Z',
      'tx_000002',
      'tx_000004',
    ]);
    for (const request of requests) {
      expect(request.url.searchParams.get('before')).toBe('2024-02-01T00:00:00Z');
      expect(request.url.searchParams.getAll('expand[]')).toEqual(['merchant']);
      expect(request.url.searchParams.get('limit')).toBe('2');
    }
  });

  it('fetches lazily: nothing is sent until the first item is asked for, and breaking stops it', async () => {
    const { monzo, requests } = pagedClient([100, 100, 100]);
    const iterator = monzo.transactions.iterate({ account_id: ACCOUNT });
    expect(requests).toHaveLength(0);
    for await (const tx of iterator) {
      if (tx.id === 'tx_000050') break;
    }
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['limit', { account_id: ACCOUNT, limit: 0 }],
    ['limit', { account_id: ACCOUNT, limit: 101 }],
    ['since', { account_id: ACCOUNT, since: new Date('invalid') }],
    ['since', { account_id: ACCOUNT, since: '31/01/2024' }],
    ['before', { account_id: ACCOUNT, before: 'soon' }],
    ['account_id', { account_id: '' }],
  ])('refuses a bad %s at the call, before any request', (field, params) => {
    const { monzo, requests } = pagedClient([]);
    let error: unknown;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed input
      monzo.transactions.iterate(params as any);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MonzoValidationError);
    expect((error as MonzoValidationError).field).toBe(field);
    expect(requests).toHaveLength(0);
  });
});
