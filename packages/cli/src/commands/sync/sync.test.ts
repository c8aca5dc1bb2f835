import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedContext } from '../../../test/context.js';
import { cliHarness } from '../../../test/harness.js';
import { runInTerminal } from '../../../test/pty.js';
import { run } from '../../run.js';

/** `monzo sync` and `--offline` as a user runs them (in process, through the harness), against an emulator on a socket. */
describe('monzo sync', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let db: string;
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 400 });
    await cli.loggedIn();
    db = join(cli.home, 'data', 'monzo', 'history.sqlite');
  });
  afterAll(() => cli.close());

  it('syncs every open account into the data directory, says what it holds, and then only what changed', async () => {
    // A process: nothing on stderr means nothing from Node either (an ExperimentalWarning from its SQLite).
    const first = await cli.runProcess(['sync']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(first.stdout).toMatch(
      /acc_\w+ \(uk_retail\)\s+│\s+400 │\s+0 │\s+400 │ \d{4}-\d\d-\d\d │ \d{4}-\d\d-\d\d │ whole history/,
    );
    expect(first.stdout).toMatch(/uk_retail_joint/);
    expect(first.stdout).toContain(`800 new, 0 updated: 800 transactions held from `);
    expect(first.stdout).toContain(db);

    cli.mock.control.advanceTime(6 * 60_000);
    const made = cli.mock.control.createTransaction({ amount: -1_999 });
    const again = await cli.run(['sync', '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ db, inserted: 1, updated: 0, held: 801 });
    expect(summary.accounts).toHaveLength(2);
    expect(summary.accounts[0]).toMatchObject({
      type: 'uk_retail',
      inserted: 1,
      full_history: true,
      gaps: [],
    });

    // Offline, the newest first: the payment just made is there, pending.
    const offline = await cli.run(['transactions', '--offline', '--limit', '2', '--json']);
    expect(offline.code).toBe(0);
    const shown = JSON.parse(offline.stdout);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toMatchObject({ id: made.id, amount: -1_999, settled: '' });
  });

  it('exports offline exactly what the online export gives, in CSV and JSON, for every account', async () => {
    // The login is fresh (the 5 minutes are open again), so the online export reaches the whole history too.
    await cli.loggedIn();
    expect((await cli.run(['sync'])).code).toBe(0);
    const since = new Date(cli.mock.control.now() - 60 * 86_400_000).toISOString();
    for (const format of ['csv', 'json']) {
      const args = ['transactions', 'export', '--format', format, '--account', 'all'];
      const [online, offline, ranged, rangedOffline] = await Promise.all([
        cli.run(args),
        cli.run([...args, '--offline']),
        cli.run([...args, '--since', since]),
        cli.run([
          'transactions',
          '--offline',
          'export',
          '--format',
          format,
          '--account',
          'all',
          '--since',
          since,
        ]),
      ]);
      for (const run of [online, offline, ranged, rangedOffline]) expect(run.code).toBe(0);
      expect(online.stderr).toBe('exported 801 transactions\n');
      expect(offline.stdout).toBe(online.stdout);
      expect(offline.stderr).toBe(online.stderr);
      expect(ranged.stdout.length).toBeLessThan(online.stdout.length);
      expect(rangedOffline.stdout).toBe(ranged.stdout);
    }
  });

  it('shows its progress on a terminal, and none with --json', async () => {
    const tty = capturedContext(cli.env, { stderrIsTTY: true });
    expect(await run(['sync', '--db', 'progress.sqlite'], tty.context)).toBe(0);
    expect(tty.captured.stderr).toMatch(/syncing .+% \| [12]\/2 accounts · [\d,]+ transactions · [\d,]+\/s/);
    expect(tty.captured.stdout).toContain('801 new');
    const json = capturedContext(cli.env, { stderrIsTTY: true });
    expect(await run(['sync', '--db', 'progress.sqlite', '--json'], json.context)).toBe(0);
    expect(json.captured.stderr).toBe('');
    expect(JSON.parse(json.captured.stdout)).toMatchObject({ inserted: 0, held: 801 });
  });

  it('on a real terminal shows the line of accounts, transactions and rate; into a file or with --json, none', async () => {
    const LINE = /syncing .*\d+% \| [012]\/2 accounts · [\d,]+ transactions · [\d,]+\/s/;
    const shown = await runInTerminal(cli, ['sync', '--db', 'tty.sqlite']);
    expect(shown.code).toBe(0);
    expect(shown.screen).toMatch(LINE);
    const logged = await runInTerminal(cli, ['sync', '--db', 'logged.sqlite'], '2> sync.log');
    expect(logged.code).toBe(0);
    expect(logged.screen).toContain('new, 0 updated');
    expect(logged.screen).not.toContain('syncing');
    const json = await runInTerminal(cli, ['sync', '--db', 'json.sqlite', '--json']);
    expect(json.code).toBe(0);
    expect(json.screen).not.toContain('syncing');
  });

  it('reads another database with --db, and says what to do when there is none', async () => {
    const other = join(cli.home, 'elsewhere.sqlite');
    const missing = await cli.run(['transactions', '--offline', '--db', other]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`there is no local history at ${other}`);
    expect(missing.stderr).toContain('monzo sync --db FILE');
    const lone = await cli.run(['transactions', 'export', '--format', 'csv', '--db', other]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('add --offline');

    expect((await cli.run(['sync', '--db', other, '--account', 'joint', '--json'])).code).toBe(0);
    const joint = await cli.run(['transactions', '--offline', '--db', other, '--account', 'joint', '--json']);
    expect(joint.code).toBe(0);
    expect(JSON.parse(joint.stdout).length).toBeGreaterThan(0);
    const personal = await cli.run(['transactions', '--offline', '--db', other, '--json']);
    expect(personal.code).toBe(0);
    expect(JSON.parse(personal.stdout)).toEqual([]);
    expect((await cli.run(['sync', '--recheck-days', 'lots'])).code).toBe(2);
  });

  it('takes --concurrency, a whole number of requests from 1 to 64, and refuses any other before a request', async () => {
    cli.mock.control.resetCounters();
    for (const bad of ['0', '65', '2.5', 'many', '-1']) {
      const refused = await cli.run(['sync', '--concurrency', bad]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--concurrency: "${bad}" is not a whole number from 1 to 64`);
    }
    expect(cli.mock.control.counters().requests).toEqual({});
    const fixed = await cli.run(['sync', '--db', 'fixed.sqlite', '--concurrency', '2', '--json']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ held: 801 });
  });
});
