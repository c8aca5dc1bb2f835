import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startMockServer } from '@monzo-ts/mock';
import { type Merchant, MonzoClient, type Transaction } from 'monzo-ts';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../open.js';
import { payment } from '../contract.js';
import { openDatabase } from '../sqlite/database.js';
import { createPostgresStore } from './index.js';
import { SCHEMA_VERSION } from './schema.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();
const dir = mkdtempSync(join(tmpdir(), 'monzo-history-pg-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one query as the test's own connection, beside the store's pool. */
async function sql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult['rows']> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL schema', () => {
  it('eight workers opening a new database at once: one migrates, all of them sync into it', async () => {
    const url = await postgres.database();
    const mock = await startMockServer({ transactions: 150, tokenTtlSeconds: 86_400 });
    const { access_token } = await signIn(mock);
    const histories = await Promise.all(Array.from({ length: 8 }, () => openHistory(url)));
    try {
      const migrations = await sql(url, 'SELECT version, name, applied_at FROM schema_migrations ORDER BY 1');
      expect(migrations.map((row) => row.version)).toEqual([1, 2, 3]);
      // One transaction ran them all: the same now().
      expect(new Set(migrations.map((row) => row.applied_at.getTime())).size).toBe(1);
      // Each of the eight syncs the same login through its own pool: every transaction goes in once.
      const client = new MonzoClient({ apiUrl: mock.url, accessToken: access_token, maxRetries: 0 });
      const now = () => new Date(mock.control.now());
      const summaries = await Promise.all(histories.map((history) => history.sync(client, { now })));
      expect(summaries.reduce((sum, summary) => sum + summary.inserted, 0)).toBe(300);
      for (const summary of summaries) expect(summary.held).toBe(300);
      const [{ n }] = (await sql(url, 'SELECT COUNT(*)::int AS n FROM transactions')) as [{ n: number }];
      expect(n).toBe(300);
    } finally {
      await Promise.all(histories.map((history) => history.close()));
      await mock.close();
    }
  });

  it('records the same versions, under the same names, as a SQLite history', async () => {
    const url = await postgres.database();
    await (await openHistory(url)).close();
    const file = join(dir, 'history.sqlite');
    await (await openHistory(file)).close();
    const sqlite = openDatabase(file);
    const onSqlite = sqlite.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    sqlite.close();
    const onPostgres = await sql(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(onPostgres).toEqual(onSqlite.map((row) => ({ ...row })));
    expect(onPostgres).toHaveLength(SCHEMA_VERSION);
  });

  it('gives back the JSON exactly as Monzo sent it (key order, numbers), from native columns and the values they lack', async () => {
    const url = await postgres.database();
    const store = await createPostgresStore(url);
    try {
      // Keys in an order jsonb would not keep, an amount past 32 bits, a time with microseconds.
      const sent = {
        zeta: 'first',
        ...payment('tx_1', '2026-01-01T09:00:00.123456Z'),
        amount: -9_007_199_254,
        metadata: { z: '1', a: '2' },
      } as Transaction<Merchant>;
      await store.savePage({
        user_id: 'u',
        account_id: 'acc_1',
        transactions: [sent],
        at: NOW.toISOString(),
      });
      const [row] = await store.readTransactions({ account_id: 'acc_1', limit: 1 });
      expect(JSON.stringify(row?.transaction)).toBe(JSON.stringify(sent));
      expect(row?.created).toBe('2026-01-01T09:00:00.123Z');
      const [stored] = await sql(
        url,
        `SELECT amount, pg_typeof(amount)::text AS amount_type, pg_typeof(created)::text AS created_type,
           body, shapes.shape, merchants.json->>'name' AS merchant
         FROM transactions JOIN shapes ON shapes.n = transactions.shape
           JOIN merchants ON merchants.n = transactions.merchant`,
      );
      expect(stored).toEqual({
        amount: '-9007199254',
        amount_type: 'bigint',
        created_type: 'timestamp with time zone',
        // The values no column holds as written: times not in the columns' form (microseconds, no
        // milliseconds), and the metadata.
        body: '["first","2026-01-01T09:00:00.123456Z","2026-01-01T12:00:00Z","1","2"]',
        shape: expect.stringMatching(/^\{"zeta":0,"id":1,"created":0,.*"metadata":\{"z":0,"a":0\}/),
        merchant: 'Pret A Manger',
      });
    } finally {
      await store.close();
    }
  });

  it('refuses a database a newer version wrote, opened to sync or to read', async () => {
    const url = await postgres.database();
    await (await openHistory(url)).close();
    await sql(url, "INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
    for (const readOnly of [false, true]) {
      await expect(openHistory(url, { readOnly })).rejects.toMatchObject({
        code: 'NEWER_SCHEMA',
        message: expect.stringMatching(
          new RegExp(
            `was written by a newer version .*\\(schema 99; this one knows up to ${SCHEMA_VERSION}\\)`,
          ),
        ),
      });
    }
  });

  it('opened to read: a database without a history is refused and left empty; writes fail', async () => {
    const url = await postgres.database();
    await expect(openHistory(url, { readOnly: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `there is no history in ${url}`,
    });
    expect(await sql(url, "SELECT to_regclass('schema_migrations') AS found")).toEqual([{ found: null }]);

    await (await openHistory(url)).close();
    const reader = await createPostgresStore(url, { readOnly: true });
    try {
      expect(reader.readOnly).toBe(true);
      expect(await reader.accounts({})).toEqual([]);
      await expect(reader.takeLease('acc_1', 'me', 1_000)).rejects.toMatchObject({
        code: 'DATABASE',
        problem: 'read-only',
        driverCode: '25006',
      });
    } finally {
      await reader.close();
    }
  });
});

const NOW = new Date('2026-01-02T00:00:00.000Z');
