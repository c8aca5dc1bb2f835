import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { payment } from '../contract.js';
import { createPostgresStore } from './index.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();
const AT = '2026-01-02T00:00:00.000Z';

describe('a page of transactions on PostgreSQL', () => {
  it('holding one id twice goes in once, as its last occurrence (one statement cannot write a row twice)', async () => {
    const store = await createPostgresStore(await postgres.database());
    try {
      const pending = payment('tx_1', '2026-01-01T09:00:00Z', '');
      const settled = payment('tx_1', '2026-01-01T09:00:00Z');
      const page = { user_id: 'u', account_id: 'acc_1', at: AT };
      expect(await store.savePage({ ...page, transactions: [pending, settled] })).toEqual({
        inserted: 1,
        updated: 0,
      });
      const [row] = await store.readTransactions({ account_id: 'acc_1', limit: 10 });
      expect(row?.transaction).toEqual(settled);
      expect(await store.oldestPending('acc_1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('of one sync go in side by side under its lease, and a takeover waits for those under way', async () => {
    const url = await postgres.database();
    const store = await createPostgresStore(url);
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await store.takeLease('acc_1', 'me', 60_000);
      const page = (id: string) => ({
        user_id: 'u',
        account_id: 'acc_1',
        at: AT,
        transactions: [payment(id, '2026-01-01T09:00:00Z')],
        lease: { owner: 'me', ttlMs: 60_000 },
      });
      // A page of the same sync in the middle of its transaction, as the fence leaves it.
      await other.query('BEGIN');
      await other.query("SELECT 1 FROM sync_leases WHERE account_id = 'acc_1' FOR SHARE");
      expect(await store.savePage(page('tx_1'))).toEqual({ inserted: 1, updated: 0 });

      let taken: string | undefined;
      const takeover = store.takeLease('acc_1', 'heir', 60_000, 'me').then((holder) => {
        taken = holder.owner;
      });
      await new Promise((done) => setTimeout(done, 200));
      expect(taken).toBeUndefined();
      await other.query('COMMIT');
      await takeover;
      expect(taken).toBe('heir');
      await expect(store.savePage(page('tx_2'))).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect((await store.held('acc_1')).transactions).toBe(1);
    } finally {
      await other.end();
      await store.close();
    }
  });

  it('written at once with the same rows (windows that overlap): each row once, and counted once', async () => {
    const store = await createPostgresStore(await postgres.database());
    try {
      const day = (n: number) => `2026-01-01T${String(n % 24).padStart(2, '0')}:00:00Z`;
      for (let round = 0; round < 5; round++) {
        const account_id = `acc_${round}`;
        const txs = Array.from({ length: 100 }, (_, n) => ({
          ...payment(`tx_${round}_${n}`, day(n)),
          account_id,
        }));
        const write = (transactions: typeof txs) =>
          store.savePage({ user_id: 'u', account_id, at: AT, transactions });
        const results = await Promise.all([
          write(txs.slice(0, 60)),
          write(txs.slice(40)),
          write(txs.slice(20, 80)),
        ]);
        const sum = (key: 'inserted' | 'updated') =>
          results.reduce((total, result) => total + result[key], 0);
        expect([sum('inserted'), sum('updated')]).toEqual([100, 0]);
        expect((await store.held(account_id)).transactions).toBe(100);
      }
    } finally {
      await store.close();
    }
  });
});
