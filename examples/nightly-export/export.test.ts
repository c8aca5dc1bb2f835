/**
 * The export job as cron runs it: a process per run, against the emulator, with the login the CLI would keep.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorEnv, runExample, saveCliLogin, temporaryHome } from '../test-support.js';

describe('examples/nightly-export', () => {
  let mock: MockServer;
  let monzo: MonzoClient;
  let home: Awaited<ReturnType<typeof temporaryHome>>;
  let out: string;
  let openAccounts: string[];
  // A year: more than one page (100) per account, read within the 5 minutes after approval when Monzo allows it.
  const since = new Date(Date.now() - 365 * 86_400_000).toISOString();

  const exportJob = () => runExample('nightly-export/export.ts', ['--out', out, '--since', since], env());
  const env = () => emulatorEnv(mock, home.home);

  /** Every transaction since the window's start, as the API lists it: what the files must hold, once each. */
  async function expectedIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const account_id of openAccounts) {
      for await (const tx of monzo.transactions.iterate({ account_id, since })) ids.push(tx.id);
    }
    return ids.sort();
  }

  /** Every row of every export file, and whatever else is in the folder. */
  async function exported(): Promise<{ ids: string[]; files: string[] }> {
    const files = (await readdir(out)).sort();
    const ids: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.ndjson'))) {
      const text = await readFile(join(out, file), 'utf8');
      for (const line of text.trimEnd().split('\n')) ids.push((JSON.parse(line) as { id: string }).id);
    }
    return { ids: ids.sort(), files };
  }

  beforeAll(async () => {
    mock = await startMockServer({ transactions: 200 });
    const tokens = await signIn(mock);
    monzo = new MonzoClient({
      apiUrl: mock.url,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      tokens,
    });
    home = await temporaryHome();
    await saveCliLogin(home.home, tokens);
    out = join(home.home, 'exports');
    openAccounts = mock.control
      .dataset()
      .accounts.filter((account) => !account.closed)
      .map((account) => account.id);
  });
  afterAll(async () => {
    await mock?.close();
    await home?.remove();
  });

  it('leaves no file and no state when Monzo fails, and says why with exit code 1', async () => {
    const remove = mock.control.fault({ path: 'GET /transactions', status: 503 });
    const run = await exportJob();
    remove();

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^export failed: .*503/m);
    expect(run.stderr).not.toContain(
      JSON.parse(await readFile(join(home.home, '.config/monzo/tokens.json'), 'utf8')).access_token,
    );
    expect(await readdir(out)).toEqual([]);
  });

  it('exports every transaction of every open account once, then only what is new', async () => {
    const first = await exportJob();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const expected = await expectedIds();
    expect(expected.length).toBeGreaterThan(2 * 100);
    let files = await exported();
    expect(files.ids).toEqual(expected);
    expect(files.files.filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const idle = await exportJob();
    expect(idle.code).toBe(0);
    expect(idle.stdout).toContain(`${openAccounts[0]}: no new transactions`);
    expect((await exported()).files).toEqual(files.files);

    mock.control.createTransaction({ amount: -1299, description: 'Late-night pizza' });
    mock.control.createTransaction({ amount: 2500, account_id: openAccounts[1], merchant: false });
    const next = await exportJob();
    expect(next.code).toBe(0);
    expect(next.stdout.match(/: 1 transaction in /g)).toHaveLength(2);
    files = await exported();
    expect(files.ids).toEqual(await expectedIds());
    expect(new Set(files.ids).size).toBe(files.ids.length);
  });
});

describe('examples/nightly-export/README.md', () => {
  it('the walk-through from the repository root writes its files outside the repository', async () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Run it against the emulator'));
    const lines = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '').split('\n');
    const exports = lines.filter((line) => line.includes('examples/nightly-export/export.ts'));
    expect(exports.length).toBeGreaterThan(0);
    for (const line of exports) expect(line).toMatch(/ --out "\$OUT"( |$)/);

    const assignment = lines.find((line) => line.startsWith('OUT='));
    const out = execFileSync('sh', ['-c', `${assignment}; echo "$OUT"`], { encoding: 'utf8' }).trim();
    try {
      const repository = fileURLToPath(new URL('../..', import.meta.url));
      expect(relative(repository, out).startsWith('..')).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
