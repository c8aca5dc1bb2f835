import { describe, expect, it } from 'vitest';
import { payment } from '../store/contract.js';
import type { HistoryStore, PageWrite } from '../store/types.js';
import type { PageWriter } from '../store/worker/page-writer.js';
import { BEFORE_THREAD, PageRoute } from './page-route.js';

/** A store and a page writer that note which of them each page went to, and pages of `size` transactions. */
function setup() {
  const went: string[] = [];
  let starts = 0;
  let closed = 0;
  const store = {
    savePage: async (page: PageWrite) => {
      went.push('store');
      return { inserted: page.transactions.length, updated: 0 };
    },
  } as unknown as HistoryStore;
  const writer = {
    savePage: async (page: PageWrite) => {
      went.push('thread');
      return { inserted: page.transactions.length, updated: 0 };
    },
    close: async () => {
      closed++;
    },
  } as unknown as PageWriter;
  const start = async () => {
    starts++;
    return writer;
  };
  const page = (size: number): PageWrite => ({
    user_id: 'user_a',
    account_id: 'acc_1',
    at: '2026-01-01T00:00:00.000Z',
    transactions: Array.from({ length: size }, (_, n) => payment(`tx_${n}`, '2025-01-01T00:00:00Z')),
  });
  return { store, start, page, went, starts: () => starts, closed: () => closed };
}

describe('PageRoute', () => {
  it('writes on the main thread until a history is long enough to be worth a thread, then on the thread', async () => {
    const { store, start, page, went, starts, closed } = setup();
    const route = new PageRoute(store, start);
    const pages = BEFORE_THREAD / 100;
    for (let n = 0; n < pages; n++) await route.savePage(page(100));
    expect(starts()).toBe(0);
    expect(await route.savePage(page(100))).toEqual({ inserted: 100, updated: 0 });
    await route.savePage(page(7));
    expect(went).toEqual([...Array(pages).fill('store'), 'thread', 'thread']);
    expect(starts()).toBe(1);
    await route.close();
    expect(closed()).toBe(1);
  });

  it('never starts a thread for a short history, nor where none can be started', async () => {
    const short = setup();
    const route = new PageRoute(short.store, short.start);
    await route.savePage(short.page(BEFORE_THREAD - 1));
    await route.close();
    expect(short.starts()).toBe(0);

    const without = setup();
    const alone = new PageRoute(without.store);
    for (let n = 0; n < 3; n++) await alone.savePage(without.page(BEFORE_THREAD));
    expect(without.went).toEqual(['store', 'store', 'store']);
    await alone.close();
  });
});
