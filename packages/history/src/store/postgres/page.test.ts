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
});
