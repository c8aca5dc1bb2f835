import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliHarness, monzoCommand } from '../../../test/harness.js';
import { parseCsv } from '../../export/test-parsers.js';

const DAY_MS = 86_400_000;

describe('monzo transactions export: refusals, failures and the 90-day limit', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let out: string;
  // Enough transactions for an export to span many pages and chunks.
  beforeAll(async () => {
    cli = await cliHarness({ transactions: 3_000 });
  });
  afterAll(() => cli.close());
  beforeEach(async () => {
    cli.mock.control.reset();
    out = join(cli.home, `out-${Math.random().toString(36).slice(2)}`);
    await mkdir(out);
  });

  const requests = () => Object.values(cli.mock.control.counters().requests).reduce((sum, n) => sum + n, 0);

  it('says to log in when there is none, and leaves no file', async () => {
    const result = await cli.run(['transactions', 'export', '--format', 'csv', '--out', join(out, 'h.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not logged in');
    expect(result.stderr).toContain('monzo login');
    expect(result.stdout).toBe('');
    expect(await readdir(out)).toEqual([]);
  });

  it.each([
    [['--format', 'xml'], /Allowed choices are csv, json, ndjson, ofx, qif/],
    [[], /choose a format/],
    [['--out', 'history.txt'], /choose a format/],
    [['--format', 'csv', '--since', 'last tuesday'], /--since: "last tuesday" is not a date/],
    [['--format', 'csv', '--since', '2026-02-01', '--before', '2026-01-01'], /--before must be later/],
    [['--format', 'csv', '--out', '/nonexistent/dir/h.csv'], /its directory does not exist/],
    [['--format', 'csv', '--out', 'books.ofx'], /--format csv contradicts --out books\.ofx, a name for ofx/],
    [['--format', 'csv', '--limit', '5'], /--limit does not apply: narrow it with --since and --before/],
    [['--limit', '5', 'export', '--format', 'csv'], /--limit does not apply/],
  ])('refuses %j before any request', async (args, message) => {
    await cli.loggedIn();
    cli.mock.control.resetCounters();
    // `transactions --limit 5 export …` as well as `transactions export … --limit 5`.
    const words = args[2] === 'export' ? ['transactions', ...args] : ['transactions', 'export', ...args];
    const result = await cli.run(words);
    expect(result.code).toBe(args.includes('/nonexistent/dir/h.csv') ? 1 : 2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(requests()).toBe(0);
  });

  it('leaves no file, and an earlier export untouched, when Monzo fails after the first page', async () => {
    await cli.loggedIn();
    const target = join(out, 'history.csv');
    await writeFile(target, 'the previous export\r\n');
    // The first page goes through (a rule that only waits); every later one fails, retries included.
    cli.mock.control.fault({ path: '/transactions', times: 1, latencyMs: 1 });
    cli.mock.control.fault({ path: '/transactions', status: 500 });
    const result = await cli.run(['transactions', 'export', '--format', 'csv', '--out', target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .+\n→ .+\n$/);
    expect(cli.mock.control.counters().requests['GET /transactions']).toBeGreaterThan(1);
    expect(await readdir(out)).toEqual(['history.csv']);
    expect(await readFile(target, 'utf8')).toBe('the previous export\r\n');
  });

  it('leaves neither the file nor its temporary file when interrupted with Ctrl-C', async () => {
    await cli.loggedIn();
    cli.mock.control.fault({ path: '/transactions', latencyMs: 100 });
    const [node, monzo] = monzoCommand();
    const child = spawn(node, [monzo, 'transactions', 'export', '--out', 'h.csv'], {
      cwd: out,
      env: cli.env,
      stdio: 'ignore',
    });
    let ended = false;
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('close', (_code, signal) => {
        ended = true;
        done(signal);
      }),
    );
    // Midway: the temporary file exists and some pages have been read. A loaded machine may take seconds just
    // to start the process: the wait ends with the process or the test's timeout, not a count of its own.
    while (!ended) {
      const pages = cli.mock.control.counters().requests['GET /transactions'] ?? 0;
      if (pages >= 3 && (await readdir(out)).length > 0) break;
      await new Promise((wait) => setTimeout(wait, 25));
    }
    expect((await readdir(out))[0]).toMatch(/^\.h\.csv\..+\.tmp$/);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(await readdir(out)).toEqual([]);
  });

  it('ends quietly when the reader of stdout goes away (`| head`)', async () => {
    await cli.loggedIn();
    const [node, monzo] = monzoCommand();
    const child = spawn(node, [monzo, 'transactions', 'export', '--format', 'csv'], {
      cwd: out,
      env: cli.env,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (exit) => done(exit)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exports the last 90 days, and says why, once the 5-minute window has passed', async () => {
    const tokens = await cli.loggedIn();
    cli.mock.control.advanceTime(6 * 60_000);
    const target = join(out, 'recent.csv');
    const result = await cli.run(['transactions', 'export', '--format', 'csv', '--out', target, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('full history only in the 5 minutes after a login');
    expect(result.stderr).toContain('last 90 days');
    expect(result.stderr).toContain('monzo login');
    expect(result.stderr).toContain('--offline exports the local history that `monzo sync` keeps');
    expect(result.stderr).not.toMatch(/verification_required|MonzoScaWindowError|error:/);

    const summary = JSON.parse(result.stdout) as {
      since: string;
      transactions: number;
      limited_to_recent: boolean;
    };
    expect(summary.limited_to_recent).toBe(true);
    const oldest = cli.mock.control.now() - 90 * DAY_MS;
    expect(Date.parse(summary.since)).toBeGreaterThanOrEqual(oldest);
    expect(Date.parse(summary.since)).toBeLessThan(oldest + DAY_MS);

    const rows = parseCsv(await readFile(target, 'utf8'));
    expect(rows.length).toBe(summary.transactions);
    for (const row of rows)
      expect(Date.parse(row.date ?? '')).toBeGreaterThanOrEqual(Date.parse(summary.since));
    // The same count the SDK finds over the same range.
    const client = new MonzoClient({ apiUrl: cli.mock.url, accessToken: tokens.access_token });
    const [personal] = cli.mock.control.dataset().accounts;
    let count = 0;
    for await (const _ of client.transactions.iterate({
      account_id: personal?.id ?? '',
      since: summary.since,
    }))
      count++;
    expect(rows.length).toBe(count);
  });

  it('explains, without a raw API error, a --since further back than 90 days outside the window', async () => {
    await cli.loggedIn();
    cli.mock.control.advanceTime(6 * 60_000);
    const result = await cli.run(['transactions', 'export', '--format', 'csv', '--since', '200d']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: --since .+ is further back than Monzo shows .+\n→ .+monzo login.+\n$/,
    );
    expect(result.stdout).toBe('');
  });

  it('explains a --before older than the 90 days reachable after the window, pointing to --offline', async () => {
    await cli.loggedIn();
    cli.mock.control.advanceTime(6 * 60_000);
    const result = await cli.run(['transactions', 'export', '--format', 'csv', '--before', '120d']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: --before \S+ is older than the last 90 days \(since \S+\), the only part/,
    );
    expect(result.stderr).toMatch(/\n→ add --offline to export from the local history, or run `monzo login`/);
    // Nothing about the clock, nor a notice that it is exporting: nothing was.
    expect(result.stderr).not.toMatch(/clock|exporting since/);
    expect(result.stdout).toBe('');
  });
});
