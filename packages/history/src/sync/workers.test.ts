import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../open.js';
import { openDatabase } from '../store/sqlite/database.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const WORKER = join(HERE, 'sync-worker.script.ts');
// Enough that each window of a first sync has several pages (and dense ones are split): kills land mid-window.
const PER_ACCOUNT = 3_000;

const dir = mkdtempSync(join(tmpdir(), 'monzo-history-workers-'));
const mocks: MockServer[] = [];
afterAll(async () => {
  await Promise.all(mocks.map((mock) => mock.close()));
  rmSync(dir, { recursive: true, force: true });
});

interface Login {
  mock: MockServer;
  token: string;
}

/** An emulator of its own for each login (another seed: another user, other accounts), slowed a little. */
async function login(seed: number): Promise<Login> {
  const mock = await startMockServer({
    seed,
    transactions: PER_ACCOUNT,
    autoApprove: true,
    tokenTtlSeconds: 86_400,
  });
  mocks.push(mock);
  mock.control.fault({ path: '/transactions', latencyMs: 15 });
  return { mock, token: (await signIn(mock)).access_token };
}

interface Worker {
  login: Login;
  child: ChildProcess;
  exited: Promise<number | null>;
}

function start(file: string, of: Login): Worker {
  const child = spawn(process.execPath, ['--import', TSX, WORKER, file], {
    env: {
      PATH: process.env.PATH ?? '',
      TSX_TSCONFIG_PATH: resolve(HERE, '../../tsconfig.json'),
      MONZO_API_URL: of.mock.url,
      MONZO_ACCESS_TOKEN: of.token,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      done(code);
    }),
  );
  return { login: of, child, exited };
}

/** Transactions committed so far, read beside the running syncs. */
function heldIn(file: string): number {
  if (!existsSync(file)) return 0;
  const db = openDatabase(file);
  try {
    const table = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'transactions'").get();
    return Number(table?.n) === 0 ? 0 : Number(db.prepare('SELECT COUNT(*) AS n FROM transactions').get()?.n);
  } finally {
    db.close();
  }
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('many sync processes on one SQLite history', () => {
  it('four processes, two logins, killed at random and restarted: every transaction once, as the emulator has it', async () => {
    const file = join(dir, 'history.sqlite');
    const logins = [await login(1), await login(2)];
    // Two processes per login, so that each account is wanted by two at once.
    let workers = [0, 1, 0, 1].map((n) => start(file, logins[n] as Login));
    const total = 4 * PER_ACCOUNT;
    // How much was held at each kill: the kills must land part way through, not only before or after.
    const heldAtKills: number[] = [];
    for (let round = 0; round < 5; round++) {
      // The first kill as soon as a page is in, so that one surely lands part way; the others at random.
      if (round === 0) while (heldIn(file) === 0) await pause(10);
      else await pause(200 + Math.random() * 1_000);
      const running = workers.filter((worker) => worker.child.exitCode === null);
      const victims = running.filter(() => Math.random() < 0.6);
      for (const victim of victims) victim.child.kill('SIGKILL');
      if (victims.length > 0) heldAtKills.push(heldIn(file));
      await Promise.all(victims.map((victim) => victim.exited));
      workers = workers.map((worker) => (victims.includes(worker) ? start(file, worker.login) : worker));
    }
    const codes = await Promise.all(workers.map((worker) => worker.exited));
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(heldAtKills[0]).toBeGreaterThan(0);
    expect(heldAtKills[0]).toBeLessThan(total);

    const history = await openHistory(file, { readOnly: true });
    try {
      for (const { mock, token } of logins) {
        const monzo = new MonzoClient({ apiUrl: mock.url, accessToken: token });
        const { user_id } = mock.control.dataset();
        const accounts = (await history.accounts({ user_id })).filter((account) => !account.closed);
        expect(accounts).toHaveLength(2);
        for (const account of accounts) {
          const ids: string[] = [];
          for await (const tx of monzo.transactions.iterate({ account_id: account.id })) ids.push(tx.id);
          const held: string[] = [];
          for await (const tx of history.transactions({ account_id: account.id })) held.push(tx.id);
          expect(held).toHaveLength(PER_ACCOUNT);
          expect(held).toEqual(ids);
          expect((await history.syncState(account.id))?.full_history).toBe(true);
        }
        // Every window the killed syncs left unread was read by the ones after them.
        expect(await history.gaps({ user_id })).toEqual([]);
      }
    } finally {
      await history.close();
    }
    // Every lease was given back, those of the killed processes by the processes that took them over.
    const db = openDatabase(file);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_leases').get()?.n).toBe(0);
    db.close();
  }, 120_000);
});
