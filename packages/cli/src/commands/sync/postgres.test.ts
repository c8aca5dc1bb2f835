import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../../test/support/ports.js';
import { type PostgresCluster, startPostgres } from '../../../../../test/support/postgres.js';
import { cliHarness } from '../../../test/harness.js';

/** `monzo sync` and `--offline` on a PostgreSQL history, through `--db` and MONZO_HISTORY_DB, as a user runs them. */
describe('monzo sync into PostgreSQL', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let cluster: PostgresCluster;
  beforeAll(async () => {
    [cli, cluster] = await Promise.all([cliHarness({ transactions: 200 }), startPostgres()]);
    await cli.loggedIn();
  }, 60_000);
  afterAll(async () => {
    await cli?.close();
    await cluster?.stop();
  });

  it('syncs with --db postgres://…, then reads offline through --db and through MONZO_HISTORY_DB', async () => {
    const url = await cluster.createDatabase();
    const synced = await cli.run(['sync', '--db', url, '--json']);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ db: url, inserted: 400, updated: 0, held: 400 });

    const online = await cli.run(['transactions', 'export', '--format', 'ndjson', '--account', 'all']);
    const byFlag = await cli.run([
      'transactions',
      'export',
      '--offline',
      '--db',
      url,
      '--format',
      'ndjson',
      '--account',
      'all',
    ]);
    const byEnv = await cli.run(
      ['transactions', 'export', '--offline', '--format', 'ndjson', '--account', 'all'],
      {
        env: { MONZO_HISTORY_DB: url },
      },
    );
    for (const run of [online, byFlag, byEnv]) expect(run.code).toBe(0);
    // Byte for byte what Monzo sent: the json columns keep its text as it came.
    expect(byFlag.stdout).toBe(online.stdout);
    expect(byEnv.stdout).toBe(online.stdout);
    expect(online.stdout.trim().split('\n')).toHaveLength(400);

    // A sync through the variable continues the same history.
    cli.mock.control.advanceTime(6 * 60_000);
    const made = cli.mock.control.createTransaction({ amount: -1_999 });
    const again = await cli.run(['sync', '--json'], { env: { MONZO_HISTORY_DB: url } });
    expect(JSON.parse(again.stdout)).toMatchObject({ db: url, inserted: 1, held: 401 });
    const newest = await cli.run(['transactions', '--offline', '--db', url, '--limit', '1', '--json']);
    expect(JSON.parse(newest.stdout)).toEqual([expect.objectContaining({ id: made.id, amount: -1_999 })]);
  });

  it('a server that cannot be reached: says so about the server, and never shows the password', async () => {
    const port = await freePort();
    const url = `postgres://me:hunter2-s3cret@127.0.0.1:${port}/monzo`;
    for (const args of [
      ['sync', '--db', url],
      ['transactions', '--offline', '--db', url],
    ]) {
      const run = await cli.run(args);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).not.toContain('hunter2-s3cret');
      // The CLI hides the user too, as it does in any URL it prints.
      expect(run.stderr).toContain(
        `cannot connect to the PostgreSQL history postgres://***@127.0.0.1:${port}/monzo`,
      );
      expect(run.stderr).toMatch(/server runs and listens on the host and port of the URL/);
      expect(run.stderr).not.toMatch(/is a file|folder/);
    }
  });
});
