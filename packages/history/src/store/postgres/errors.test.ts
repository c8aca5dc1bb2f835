import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../../../test/support/ports.js';
import { HistoryDatabaseError, HistoryError } from '../../errors.js';
import { openHistory } from '../../open.js';
import { syncSetup } from '../../sync/test-support.js';
import { postgresForFile } from './test-cluster.js';

const postgres = postgresForFile();
const SECRET = 'hunter2-s3cret';

/** What opening `url` rejected with; it must never show the password, anywhere a person or a log could see. */
async function refusal(url: string, readOnly = false): Promise<HistoryError> {
  const error = await openHistory(url, { readOnly }).then(
    async (history) => {
      await history.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HistoryError);
  const seen = [
    String(error),
    (error as HistoryError).hint,
    (error as Error).stack,
    JSON.stringify(error),
    (error as { detail?: string }).detail,
  ];
  for (const text of seen) expect(text ?? '').not.toContain(SECRET);
  return error as HistoryError;
}

describe('a PostgreSQL history that cannot be opened', () => {
  it('nothing listening: says it cannot connect, names the URL without its password, says what to check', async () => {
    const port = await freePort();
    const error = await refusal(`postgres://me:${SECRET}@127.0.0.1:${port}/monzo`);
    expect(error).toBeInstanceOf(HistoryDatabaseError);
    expect(error).toMatchObject({
      code: 'DATABASE',
      problem: 'cannot-open',
      driverCode: 'ECONNREFUSED',
      location: `postgres://me:***@127.0.0.1:${port}/monzo`,
      message: expect.stringContaining(
        `cannot connect to the PostgreSQL history postgres://me:***@127.0.0.1:${port}/monzo`,
      ),
      hint: expect.stringMatching(/server runs and listens on the host and port of the URL/),
    });
  });

  it('a database that does not exist: says to create it', async () => {
    const url = postgres.cluster.url.replace(/\/postgres$/, '/no_such_history');
    const error = await refusal(url.replace('postgres@', `postgres:${SECRET}@`));
    expect(error).toMatchObject({ problem: 'cannot-open', driverCode: '3D000' });
    expect(error.message).toMatch(/database "no_such_history" does not exist/);
    expect(error.hint).toMatch(/create the database first/);
  });

  it('a user the server does not know: says to check the user and password, showing neither password', async () => {
    const url = await postgres.database();
    const error = await refusal(url.replace('postgres@', `stranger:${SECRET}@`));
    expect(error).toMatchObject({ problem: 'cannot-open', driverCode: '28000' });
    expect(error.hint).toMatch(/check the user and password in the URL/);
    // The password given as a parameter is hidden as well.
    const asParameter = await refusal(`${url.replace('postgres@', 'stranger@')}?password=${SECRET}`);
    expect(asParameter.message).toContain('password=***');
  });

  it('a URL that does not parse: a location error that repeats none of it', async () => {
    const error = await refusal(`postgres://me:${SECRET}@[::1/monzo`);
    expect(error).toMatchObject({ code: 'BAD_LOCATION' });
  });
});

describe('a PostgreSQL history whose connections are cut', () => {
  it('mid-sync: the sync fails naming the database, nothing crashes, and the next sync finishes the job', async () => {
    const url = await postgres.database();
    const s = await syncSetup({ transactions: 1_000, location: () => url });
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    try {
      s.mock.control.fault({ path: '/transactions', latencyMs: 10 });
      let settled = false;
      const running = s.sync().then(
        () => undefined,
        (error: unknown) => error,
      );
      void running.finally(() => {
        settled = true;
      });
      // Once pages are going in, end the sync's connection while it writes one (an idle one is only replaced
      // by the pool), as a restart or an administrator would: again and again until the sync stops, since a
      // page is a single statement and a cut may find it just finished. Only pages: the sync's last words (the
      // lease given back) must get through, or the next sync would wait for the lease to run out.
      const count = async () =>
        Number((await watcher.query('SELECT COUNT(*) AS n FROM transactions')).rows[0].n);
      while ((await count()) === 0) await new Promise((done) => setTimeout(done, 5));
      while (!settled) {
        await watcher.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE application_name = 'monzo-ts history' AND datname = current_database() AND state <> 'idle'
             AND query LIKE '%json_to_recordset%'`,
        );
      }
      const error = await running;
      expect(error).toBeInstanceOf(HistoryDatabaseError);
      expect(error).toMatchObject({
        problem: 'io',
        location: url,
        message: expect.stringMatching(/^lost the connection to the PostgreSQL history postgres:\/\//),
      });
      const held = await count();
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThan(2_000);

      s.mock.control.fault({ path: '/transactions', latencyMs: 0 });
      expect(await s.sync()).toMatchObject({ inserted: 2_000 - held, held: 2_000 });
      for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
    } finally {
      await watcher.end();
      await s.close();
    }
  });
});
