import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { syncSetup } from '../../sync/test-support.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();

/** When the planner's statistics of the transactions table were last taken by hand (ANALYZE), if ever. */
async function analyzed(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT last_analyze::text AS at FROM pg_stat_user_tables WHERE relname = 'transactions'",
    );
    return (rows[0]?.at as string | null) ?? null;
  } finally {
    await client.end();
  }
}

describe("the planner's statistics on PostgreSQL", () => {
  it('are taken again after a sync that wrote much, so that reads use the index at once; not after a small one', async () => {
    const url = await postgres.database();
    const s = await syncSetup({ transactions: 1_500, location: () => url });
    try {
      expect((await s.sync()).inserted).toBe(3_000);
      const first = await analyzed(url);
      expect(first).not.toBeNull();
      // A sync that finds little new leaves them be.
      await s.sync();
      expect(await analyzed(url)).toBe(first);
    } finally {
      await s.close();
    }
  });
});
