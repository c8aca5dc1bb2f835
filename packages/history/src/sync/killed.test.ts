import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory } from '../open.js';
import { openDatabase } from '../store/sqlite/database.js';
import type { SyncSummary } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const WORKER = join(HERE, 'sync-worker.script.ts');
const PER_ACCOUNT = 4_000;

let mock: MockServer;
const dir = mkdtempSync(join(tmpdir(), 'monzo-history-killed-'));
beforeAll(async () => {
  mock = await startMockServer({ transactions: PER_ACCOUNT, autoApprove: true, tokenTtlSeconds: 86_400 });
  // Slow enough pages that a kill lands in the middle of the walk.
  mock.control.fault({ path: '/transactions', latencyMs: 25 });
});
afterAll(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sync process on a fresh login (the 5-minute window open); resolves with its summary, or how it died. */
function sync(file: string, token: string): { child: ChildProcess; done: Promise<SyncSummary | string> } {
  const child = spawn(process.execPath, ['--import', TSX, WORKER, file], {
    env: {
      PATH: process.env.PATH ?? '',
      TSX_TSCONFIG_PATH: resolve(HERE, '../../tsconfig.json'),
      MONZO_API_URL: mock.url,
      MONZO_ACCESS_TOKEN: token,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<SyncSummary | string>((settle) =>
    child.on('close', (code, signal) =>
      settle(code === 0 ? (JSON.parse(stdout) as SyncSummary) : `${signal ?? code}: ${stderr}`),
    ),
  );
  return { child, done };
}

/** The transactions committed so far, and the stretches the store says are missing. */
function stateOf(file: string): { held: number; gaps: number } {
  if (!existsSync(file)) return { held: 0, gaps: 0 };
  const db = openDatabase(file);
  try {
    const tables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'transactions'").get();
    if (Number(tables?.n) === 0) return { held: 0, gaps: 0 };
    return {
      held: Number(db.prepare('SELECT COUNT(*) AS n FROM transactions').get()?.n),
      gaps: Number(db.prepare('SELECT COUNT(*) AS n FROM gaps').get()?.n),
    };
  } finally {
    db.close();
  }
}

const requests = () => mock.control.counters().requests['GET /transactions'] ?? 0;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('a first sync killed part way (SIGKILL)', () => {
  it('resumes only the stretches it had not read: a fraction of the requests of a whole sync, nothing doubled', async () => {
    const total = 2 * PER_ACCOUNT;
    // What a whole first sync costs, into a file of its own.
    mock.control.resetCounters();
    const whole = await sync(join(dir, 'whole.sqlite'), (await signIn(mock)).access_token).done;
    expect(whole).toMatchObject({ inserted: total });
    const wholeRequests = requests();

    const file = join(dir, 'killed.sqlite');
    const first = sync(file, (await signIn(mock)).access_token);
    while (stateOf(file).held < total / 2) await pause(5);
    first.child.kill('SIGKILL');
    expect(await first.done).toMatch(/^SIGKILL/);
    const killed = stateOf(file);
    expect(killed.held).toBeLessThan(total);
    // What was left to read is in the store, as gaps.
    expect(killed.gaps).toBeGreaterThan(0);

    mock.control.resetCounters();
    const resumed = await sync(file, (await signIn(mock)).access_token).done;
    expect(resumed).toMatchObject({ inserted: total - killed.held, held: total });
    const resumedRequests = requests();
    // Started over, it would cost about a whole sync's requests; it costs what was left, and a few per window.
    const left = (total - killed.held) / total;
    expect(resumedRequests).toBeLessThan(wholeRequests * left + 30);
    expect(stateOf(file).gaps).toBe(0);

    const history = await openHistory(file, { readOnly: true });
    try {
      const monzo = new MonzoClient({ apiUrl: mock.url, accessToken: (await signIn(mock)).access_token });
      for (const account of (await history.accounts()).filter((item) => !item.closed)) {
        const ids: string[] = [];
        for await (const tx of monzo.transactions.iterate({ account_id: account.id })) ids.push(tx.id);
        const held: string[] = [];
        for await (const tx of history.transactions({ account_id: account.id })) held.push(tx.id);
        expect(held).toEqual(ids);
        expect((await history.syncState(account.id))?.full_history).toBe(true);
      }
    } finally {
      await history.close();
    }
  }, 120_000);
});
