/**
 * What every `HistoryStore` must do, as tests: `store/sqlite/store.test.ts` runs them on SQLite, and the
 * PostgreSQL store's test runs the very same on a throwaway cluster, so that both answer alike.
 */
import type { Account, Balance, Merchant, Pot, Transaction } from 'monzo-ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryError } from '../errors.js';
import type { HistoryStore, PageWrite } from './types.js';

const AT = '2026-01-02T00:00:00.000Z';

export function payment(
  id: string,
  created: string,
  settled = '2026-01-01T12:00:00Z',
): Transaction<Merchant> {
  return {
    id,
    created,
    settled,
    amount: -1_250,
    currency: 'GBP',
    description: 'PRET A MANGER',
    merchant: { id: 'merch_1', name: 'Pret A Manger' },
    metadata: {},
    notes: '',
    is_load: false,
    category: 'eating_out',
    account_id: 'acc_1',
    amount_is_pending: settled === '',
  } as Transaction<Merchant>;
}

const account = (id: string, created: string): Account =>
  ({ id, created, description: 'user_x', type: 'uk_retail', currency: 'GBP', closed: false }) as Account;

const balance = (value: number): Balance =>
  ({ balance: value, total_balance: value, currency: 'GBP', spend_today: 0 }) as Balance;

/** Registers the behaviour suite for a store; `open` gives a new, empty store for each test. */
export function storeContract(name: string, open: () => Promise<HistoryStore>): void {
  describe(`the ${name} store`, () => {
    let store: HistoryStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const page = (transactions: Transaction<Merchant>[], extra: Partial<PageWrite> = {}): PageWrite => {
      const last = transactions.at(-1);
      const created = last ? new Date(last.created).toISOString() : AT;
      return {
        user_id: 'user_a',
        account_id: 'acc_1',
        transactions,
        cursor: last && {
          last_id: last.id,
          last_created: created,
          covered_until: created,
          complete_since: null,
        },
        at: AT,
        ...extra,
      };
    };

    it('upserts a page by id, counting what was new and what changed, and moves the cursor with it', async () => {
      const first = [payment('tx_1', '2026-01-01T09:00:00Z'), payment('tx_2', '2026-01-01T10:00:00.5Z', '')];
      expect(await store.savePage(page(first))).toEqual({ inserted: 2, updated: 0 });
      const settled = [first[0] as Transaction<Merchant>, payment('tx_2', '2026-01-01T10:00:00.5Z')];
      expect(await store.savePage(page(settled))).toEqual({ inserted: 0, updated: 1 });
      expect(await store.savePage(page(settled))).toEqual({ inserted: 0, updated: 0 });
      expect(await store.state('acc_1')).toEqual({
        user_id: 'user_a',
        last_id: 'tx_2',
        last_created: '2026-01-01T10:00:00.500Z',
        covered_until: '2026-01-01T10:00:00.500Z',
        complete_since: null,
        last_sync: null,
        full_history: false,
      });
      expect(await store.held('acc_1')).toEqual({
        transactions: 2,
        first: '2026-01-01T09:00:00.000Z',
        last: '2026-01-01T10:00:00.500Z',
      });
      expect(await store.oldestPending('acc_1')).toBeUndefined();
      await store.savePage(page([payment('tx_3', '2026-01-03T00:00:00Z', '')], { cursor: undefined }));
      expect(await store.oldestPending('acc_1')).toBe('2026-01-03T00:00:00.000Z');
      expect((await store.state('acc_1'))?.last_id).toBe('tx_2');
    });

    it('counts an id twice in a page once, and keeps its last occurrence', async () => {
      const pending = payment('tx_1', '2026-01-01T09:00:00Z', '');
      const settled = payment('tx_1', '2026-01-01T09:00:00Z');
      expect(await store.savePage(page([pending, payment('tx_2', '2026-01-01T10:00:00Z'), settled]))).toEqual(
        {
          inserted: 2,
          updated: 0,
        },
      );
      const [row] = await store.readTransactions({ account_id: 'acc_1', limit: 1 });
      expect(row?.transaction).toEqual(settled);
      expect(await store.oldestPending('acc_1')).toBeUndefined();
    });

    it('reads transactions in pages, oldest first or newest first, within a window', async () => {
      const all = Array.from({ length: 25 }, (_, n) =>
        payment(
          `tx_${String(n).padStart(2, '0')}`,
          `2026-01-${String(1 + Math.floor(n / 2)).padStart(2, '0')}T09:00:00Z`,
        ),
      );
      await store.savePage(page(all));
      const ids = async (query: Parameters<HistoryStore['readTransactions']>[0]) =>
        (await store.readTransactions(query)).map((row) => row.id);
      const firstTen = await store.readTransactions({ account_id: 'acc_1', limit: 10 });
      expect(firstTen.map((row) => row.id)).toEqual(all.slice(0, 10).map((tx) => tx.id));
      expect(firstTen[0]?.transaction).toEqual(all[0]);
      const last = firstTen.at(-1) as { created: string; id: string };
      expect(await ids({ account_id: 'acc_1', limit: 100, after: last })).toEqual(
        all.slice(10).map((tx) => tx.id),
      );
      expect(await ids({ account_id: 'acc_1', limit: 3, newest: true })).toEqual(['tx_24', 'tx_23', 'tx_22']);
      const window = {
        account_id: 'acc_1',
        since: '2026-01-02T00:00:00.000Z',
        before: '2026-01-03T09:00:00.000Z',
      };
      expect(await ids({ ...window, limit: 100 })).toEqual(['tx_02', 'tx_03']);
      expect(await store.countTransactions(window)).toBe(2);
      expect(await store.countTransactions({ account_id: 'acc_2' })).toBe(0);
    });

    it('keeps an account per user who sees it, and every account once for all users', async () => {
      await store.saveAccounts('user_a', [account('acc_1', '2020-01-01T00:00:00Z')], AT);
      await store.saveAccounts(
        'user_b',
        [account('acc_1', '2020-01-01T00:00:00Z'), account('acc_2', '2021-01-01T00:00:00Z')],
        AT,
      );
      expect((await store.accounts({ user_id: 'user_a' })).map((item) => item.id)).toEqual(['acc_1']);
      expect((await store.accounts({ user_id: 'user_b' })).map((item) => item.id)).toEqual([
        'acc_1',
        'acc_2',
      ]);
      expect((await store.accounts({})).map((item) => item.id)).toEqual(['acc_1', 'acc_2']);
      expect(await store.accounts({ user_id: 'user_c' })).toEqual([]);
    });

    it('keeps the pots as they are and a balance snapshot per sync', async () => {
      const pot = { id: 'pot_1', name: 'Savings', balance: 100, currency: 'GBP', deleted: false } as Pot;
      await store.saveAccountState('user_a', 'acc_1', [pot], balance(1_000), '2026-01-01T00:00:00.000Z');
      await store.saveAccountState('user_a', 'acc_1', [{ ...pot, balance: 250 }], balance(900), AT);
      expect(await store.pots('acc_1')).toEqual([{ ...pot, balance: 250 }]);
      expect(await store.lastBalance('acc_1')).toEqual({ balance: balance(900), taken_at: AT });
      expect((await store.balances('acc_1')).map((item) => item.balance.balance)).toEqual([1_000, 900]);
      expect(await store.lastBalance('acc_2')).toBeUndefined();
    });

    it('ends a run: covered_until only moves forward, and a whole history once taken stays so', async () => {
      const end = { user_id: 'user_a', account_id: 'acc_1', complete_since: null, full_history: true };
      await store.finish({ ...end, until: '2026-02-01T00:00:00.000Z' });
      await store.finish({
        ...end,
        until: '2026-01-01T00:00:00.000Z',
        complete_since: '2025-10-01T00:00:00.000Z',
        full_history: false,
      });
      expect(await store.state('acc_1')).toMatchObject({
        covered_until: '2026-02-01T00:00:00.000Z',
        last_sync: '2026-01-01T00:00:00.000Z',
        complete_since: '2025-10-01T00:00:00.000Z',
        full_history: true,
      });
      expect(await store.lastSync({})).toBe('2026-01-01T00:00:00.000Z');
    });

    it('records gaps by account and start, and forgets those a run from earlier filled', async () => {
      const gap = { user_id: 'user_a', account_id: 'acc_1', noticed_at: AT };
      await store.recordGap({ ...gap, from: '2025-01-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' });
      await store.recordGap({ ...gap, from: '2025-01-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' });
      await store.recordGap({ ...gap, from: '2025-06-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' });
      await store.recordGap({
        ...gap,
        user_id: 'user_b',
        account_id: 'acc_2',
        from: '2025-02-01T00:00:00.000Z',
        to: '2025-03-01T00:00:00.000Z',
      });
      expect((await store.gaps({ user_id: 'user_a' })).map((item) => [item.from, item.to])).toEqual([
        ['2025-01-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
        ['2025-06-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z'],
      ]);
      await store.clearGaps('acc_1', '2025-05-01T00:00:00.000Z');
      expect(await store.gaps({ account_id: 'acc_1' })).toHaveLength(1);
      await store.clearGaps('acc_1', null);
      expect(await store.gaps({})).toEqual([
        expect.objectContaining({ account_id: 'acc_2', user_id: 'user_b' }),
      ]);
    });

    it('changes the stretches a windowed sync has still to read in one go, keeping any still needed', async () => {
      const change = { user_id: 'user_a', account_id: 'acc_1', at: AT };
      const spans = async () => (await store.gaps({ account_id: 'acc_1' })).map((gap) => [gap.from, gap.to]);
      const [a, b, c, d, e] = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'].map(
        (month) => `${month}-01T00:00:00.000Z`,
      ) as [string, string, string, string, string];
      await store.changeGaps({
        ...change,
        add: [
          { from: a, to: c },
          { from: b, to: d },
        ],
        startCovered: e,
      });
      expect(await spans()).toEqual([
        [a, c],
        [b, d],
      ]);
      // Started as held up to `e` but for its gaps; a state that exists is not started again.
      expect(await store.state('acc_1')).toMatchObject({
        user_id: 'user_a',
        covered_until: e,
        complete_since: null,
        full_history: false,
      });
      await store.changeGaps({ ...change, startCovered: AT });
      expect((await store.state('acc_1'))?.covered_until).toBe(e);

      // A gap added at the start of another keeps the later end; a removal whose end no longer matches keeps it.
      await store.changeGaps({ ...change, add: [{ from: b, to: c }] });
      await store.changeGaps({
        ...change,
        remove: [
          { from: b, to: c },
          { from: a, to: c },
        ],
      });
      expect(await spans()).toEqual([[b, d]]);

      // With a page: the window's stretch moves on in the page's transaction.
      const tx = payment('tx_1', '2025-02-15T00:00:00Z');
      await store.savePage(
        page([tx], {
          cursor: undefined,
          gaps: { remove: [{ from: b, to: d }], add: [{ from: '2025-02-15T00:00:00.000Z', to: d }] },
        }),
      );
      expect(await spans()).toEqual([['2025-02-15T00:00:00.000Z', d]]);
      // An empty last page still ends its window's stretch.
      await store.savePage(page([], { gaps: { remove: [{ from: '2025-02-15T00:00:00.000Z', to: d }] } }));
      expect(await spans()).toEqual([]);
      expect((await store.held('acc_1')).transactions).toBe(1);

      // A page's move follows the same rules: a removal whose end no longer matches keeps the gap, an addition
      // at a start held keeps the later end; and it may re-add a gap at the start of one it removes.
      await store.changeGaps({
        ...change,
        add: [
          { from: a, to: b },
          { from: c, to: e },
        ],
      });
      await store.savePage(page([], { gaps: { remove: [{ from: a, to: c }], add: [{ from: c, to: d }] } }));
      expect(await spans()).toEqual([
        [a, b],
        [c, e],
      ]);
      await store.savePage(page([], { gaps: { remove: [{ from: a, to: b }], add: [{ from: a, to: c }] } }));
      expect(await spans()).toEqual([
        [a, c],
        [c, e],
      ]);

      await store.changeGaps({ ...change, add: [{ from: a, to: b }] });
      await store.changeGaps({
        ...change,
        user_id: 'user_b',
        account_id: 'acc_2',
        add: [{ from: a, to: b }],
      });
      await store.changeGaps({ ...change, clear: true, add: [{ from: c, to: d }] });
      expect(await spans()).toEqual([[c, d]]);
      expect(await store.gaps({ account_id: 'acc_2' })).toHaveLength(1);
    });

    it('changes gaps, with a page or alone, only while the lease is held', async () => {
      const claim = { owner: 'me', ttlMs: 60_000 };
      const gap = { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' };
      await store.takeLease('acc_1', 'other', 60_000);
      const change = { user_id: 'user_a', account_id: 'acc_1', at: AT, lease: claim };
      await expect(store.changeGaps({ ...change, add: [gap] })).rejects.toMatchObject({ code: 'LEASE_LOST' });
      await expect(
        store.savePage(
          page([payment('tx_1', '2025-01-02T00:00:00Z')], { lease: claim, gaps: { add: [gap] } }),
        ),
      ).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect(await store.gaps({})).toEqual([]);
      expect((await store.held('acc_1')).transactions).toBe(0);
      await store.releaseLease('acc_1', 'other');
      await store.takeLease('acc_1', 'me', 60_000);
      await store.changeGaps({ ...change, add: [gap] });
      expect(await store.gaps({})).toHaveLength(1);
    });

    it('gives a lease to one owner at a time, to another once it expired or was released', async () => {
      const mine = await store.takeLease('acc_1', 'me', 60_000);
      expect(mine.owner).toBe('me');
      expect(Date.parse(mine.expires_at)).toBeGreaterThan(Date.now() + 50_000);
      expect((await store.takeLease('acc_1', 'other', 60_000)).owner).toBe('me');
      expect((await store.takeLease('acc_1', 'me', 60_000)).owner).toBe('me');
      expect((await store.takeLease('acc_2', 'other', 60_000)).owner).toBe('other');
      await store.releaseLease('acc_1', 'other');
      expect((await store.takeLease('acc_1', 'other', 60_000)).owner).toBe('me');
      await store.releaseLease('acc_1', 'me');
      expect((await store.takeLease('acc_1', 'other', 40)).owner).toBe('other');
      await new Promise((done) => setTimeout(done, 80));
      expect((await store.takeLease('acc_1', 'me', 60_000)).owner).toBe('me');
      expect(await store.renewLease('acc_1', 'other', 60_000)).toBe(false);
      expect(await store.renewLease('acc_1', 'me', 60_000)).toBe(true);
      expect((await store.takeLease('acc_1', 'heir', 60_000, 'me')).owner).toBe('heir');
    });

    it('writes a page only while its lease is held, and renews it as it does', async () => {
      await store.takeLease('acc_1', 'me', 40);
      await new Promise((done) => setTimeout(done, 60));
      // Expired but not taken: still mine, and the page renews it.
      const claim = { owner: 'me', ttlMs: 60_000 };
      expect(await store.savePage(page([payment('tx_1', '2026-01-01T09:00:00Z')], { lease: claim }))).toEqual(
        {
          inserted: 1,
          updated: 0,
        },
      );
      expect((await store.takeLease('acc_1', 'other', 60_000)).owner).toBe('me');
      await store.releaseLease('acc_1', 'me');
      await store.takeLease('acc_1', 'other', 60_000);
      const lost = store.savePage(page([payment('tx_2', '2026-01-01T10:00:00Z')], { lease: claim }));
      await expect(lost).rejects.toBeInstanceOf(HistoryError);
      await expect(lost).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect((await store.held('acc_1')).transactions).toBe(1);
      expect((await store.state('acc_1'))?.last_id).toBe('tx_1');
    });
  });
}
