/** What the benchmarks that write a history share: a throwaway PostgreSQL when there is one, and their sizes. */
import { stat } from 'node:fs/promises';
import pg from 'pg';
import { type PostgresCluster, startPostgres } from '../test/support/postgres.js';

/**
 * A throwaway cluster on loopback (test/support/postgres.ts), or, where PostgreSQL's programs are missing or it
 * does not start, `undefined` and a line saying why: the benchmark then prints its other rows.
 */
export async function optionalPostgres(): Promise<PostgresCluster | undefined> {
  return startPostgres().catch((error: unknown) => {
    console.log(`\n(no PostgreSQL row: ${(error as Error).message.split('\n')[0]})`);
    return undefined;
  });
}

/** A file's size, 0 when it is not there (a SQLite write-ahead log folded in at close). */
export async function fileSize(file: string): Promise<number> {
  return stat(file).then(
    (info) => info.size,
    () => 0,
  );
}

/** A SQLite history's size on disk: the file and its write-ahead log. */
export async function sqliteSize(file: string): Promise<number> {
  return (await fileSize(file)) + (await fileSize(`${file}-wal`));
}

/** What the history's tables take in PostgreSQL, with their indexes and TOAST. */
export async function tablesSize(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT SUM(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
    );
    return Number(rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}
