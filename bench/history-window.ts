/**
 * The history-window benchmark (issue 13): a first sync's fetch of one heavy account inside Monzo's 5-minute
 * full-history window, against the emulator with 150 ms of latency injected into every request. A sequential
 * walk of 3,000 pages needs 450 s, past the window; the parallel walk (packages/history/src/fetch) must take the
 * whole history in under 60 s, and with the emulator's rate limit at 100 requests a second, within 1.3× of the
 * 30 s the limit allows. The walk rows keep their pages in an in-memory Map by id; the last row is the real
 * thing, `History.sync` into a SQLite file (each page committed with its window's unread stretch, under the
 * account's lease), against the same 150 ms.
 *
 * The emulator runs in this process; each walk in a fresh child process (`tsx bench/history-window.ts child`),
 * as a client on another machine would, so that the two do not share one event loop.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { walkAccount } from '../packages/history/src/fetch/walk.js';
import { planWindows } from '../packages/history/src/fetch/windows.js';
import { openHistory } from '../packages/history/src/open.js';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { MonzoClient } from '../packages/sdk/src/index.js';
import { pick } from './mode.js';
import { printTable } from './support.js';

const TRANSACTIONS = pick(100_000, 300_000);
const LATENCY_MS = 150;
const RATE_LIMIT = 100;
/** The 5-minute full-history window (monzo-api.md §4). */
const WINDOW_MS = 5 * 60_000;
const run = promisify(execFile);

interface WalkRun {
  ms: number;
  /** Transactions in the Map at the end. */
  held: number;
  gaps: number;
  pages: number;
  requests: number;
  rateLimited: number;
  maxConcurrency: number;
  splits: number;
  /** From the login's approval to the end of the walk. */
  sinceLoginMs: number;
  /** The SQLite file's size at the end (the `History.sync` row only). */
  fileBytes?: number;
}

export interface HistoryWindowResult {
  scenario: 'latency' | 'rate-limit' | 'sync';
  transactions: number;
  /** The least pages any walk needs: a sequential walk's. */
  minimumPages: number;
  barMs: number;
  run: WalkRun;
}

/** Both walks, each after a fresh login, and the table. */
export async function historyWindowBenchmark(): Promise<HistoryWindowResult[]> {
  const mock = await startMockServer({ transactions: TRANSACTIONS, autoApprove: true });
  try {
    mock.control.fault({ latencyMs: LATENCY_MS });
    // A sequential walk's pages: one per 100, and a last short (or empty) one.
    const minimumPages = Math.floor(TRANSACTIONS / 100) + 1;
    const latency = await child(mock, 'child');
    mock.control.rateLimit({ limit: RATE_LIMIT, windowMs: 1_000 });
    const limited = await child(mock, 'child');
    mock.control.rateLimit();
    mock.control.resetCounters();
    const synced = await child(mock, 'sync');
    // The sync's requests, as the emulator counted them (the child's summary does not say).
    synced.requests = mock.control.counters().requests['GET /transactions'] ?? 0;
    const results: HistoryWindowResult[] = [
      { scenario: 'latency', transactions: TRANSACTIONS, minimumPages, barMs: 60_000, run: latency },
      {
        scenario: 'rate-limit',
        transactions: TRANSACTIONS,
        minimumPages,
        barMs: 1.3 * (minimumPages / RATE_LIMIT) * 1_000,
        run: limited,
      },
      { scenario: 'sync', transactions: TRANSACTIONS, minimumPages, barMs: 60_000, run: synced },
    ];
    print(results);
    return results;
  } finally {
    await mock.close();
  }
}

function print(results: HistoryWindowResult[]): void {
  const n = TRANSACTIONS.toLocaleString('en-GB');
  const [latency] = results;
  const sequentialMs = (latency?.minimumPages ?? 0) * LATENCY_MS;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const whole = (row: WalkRun) => row.held === TRANSACTIONS && row.gaps === 0 && row.sinceLoginMs < WINDOW_MS;
  const names = {
    latency: 'parallel walk, adaptive concurrency',
    'rate-limit': `the same, rate limit ${RATE_LIMIT} requests/s (no Retry-After)`,
    sync: `History.sync into a SQLite file${row(results, 'sync')?.fileBytes ? ` (${mb(row(results, 'sync')?.fileBytes ?? 0)})` : ''}`,
  };
  const rows = results.map(({ scenario, run: row, barMs, minimumPages }) => [
    names[scenario],
    seconds(row.ms),
    row.pages ? row.pages.toLocaleString('en-GB') : '-',
    row.requests.toLocaleString('en-GB'),
    row.rateLimited.toLocaleString('en-GB'),
    row.maxConcurrency ? String(row.maxConcurrency) : '-',
    `${row.held.toLocaleString('en-GB')}${whole(row) ? ', whole' : ', NOT WHOLE'}`,
    scenario === 'rate-limit'
      ? `≤ 1.3 × ${minimumPages.toLocaleString('en-GB')}/${RATE_LIMIT} s = ${seconds(barMs)} (${(row.ms / ((minimumPages / RATE_LIMIT) * 1_000)).toFixed(2)}×)`
      : `< 60 s; sequential ${(sequentialMs / row.ms).toFixed(1)}× slower`,
    row.ms <= barMs && whole(row) ? 'met' : 'MISSED',
  ]);
  rows.push([
    `baseline: sequential walk, estimated (${latency?.minimumPages.toLocaleString('en-GB')} pages × ${LATENCY_MS} ms)`,
    seconds(sequentialMs),
    (latency?.minimumPages ?? 0).toLocaleString('en-GB'),
    '-',
    '-',
    '1',
    '-',
    sequentialMs > WINDOW_MS ? 'past the 5-minute window' : 'inside the window',
    '-',
  ]);
  printTable(
    `History window: a first fetch of ${n} transactions of one account (fresh login each, a child process; the walks keep pages in an in-memory Map by id, History.sync in SQLite) against the emulator with ${LATENCY_MS} ms latency per request${TRANSACTIONS < 300_000 ? '; quick run: --full walks 300,000' : ''}`,
    ['walk', 'time', 'pages', 'requests', '429s', 'max in flight', 'held', 'bar', 'met'],
    rows,
  );
}

function row(results: HistoryWindowResult[], scenario: HistoryWindowResult['scenario']): WalkRun | undefined {
  return results.find((result) => result.scenario === scenario)?.run;
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

async function child(
  mock: Awaited<ReturnType<typeof startMockServer>>,
  mode: 'child' | 'sync',
): Promise<WalkRun> {
  // A fresh login: its approval opens the 5-minute window, and a rate limit counts per token.
  const tokens = await signIn(mock);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode], {
    env: {
      PATH: process.env.PATH ?? '',
      MONZO_API_URL: mock.url,
      MONZO_ACCESS_TOKEN: tokens.access_token,
      LOGIN_AT: String(mock.control.now()),
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WalkRun;
}

/** The child: one walk of the personal account's whole history, from nothing. */
async function walk(): Promise<WalkRun> {
  const client = new MonzoClient({
    apiUrl: process.env.MONZO_API_URL,
    accessToken: process.env.MONZO_ACCESS_TOKEN,
  });
  const loginAt = Number(process.env.LOGIN_AT);
  const started = performance.now();
  const account = (await client.accounts.list()).find((item) => item.type === 'uk_retail' && !item.closed);
  if (!account) throw new Error('no personal account');
  const held = new Map<string, unknown>();
  const { gaps, stats } = await walkAccount({
    client,
    account_id: account.id,
    windows: planWindows({ created: account.created, now: Date.now() }),
    deadline: loginAt + WINDOW_MS,
    onPage: (_window, transactions) => {
      for (const tx of transactions) held.set(tx.id, tx);
    },
  });
  return {
    ms: performance.now() - started,
    held: held.size,
    gaps: gaps.length,
    pages: stats.pages,
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    maxConcurrency: stats.maxConcurrency,
    splits: stats.splits,
    sinceLoginMs: Date.now() - loginAt,
  };
}

/**
 * The child of the last row: `History.sync` of the personal account's whole history into a new SQLite file,
 * told when the login was approved (as `monzo login` tells it).
 */
async function sync(): Promise<WalkRun> {
  const client = new MonzoClient({
    apiUrl: process.env.MONZO_API_URL,
    accessToken: process.env.MONZO_ACCESS_TOKEN,
    maxRetries: 0,
  });
  const loginAt = Number(process.env.LOGIN_AT);
  const dir = mkdtempSync(join(tmpdir(), 'monzo-bench-history-'));
  const file = join(dir, 'history.sqlite');
  try {
    const started = performance.now();
    const history = await openHistory(file);
    let summary: Awaited<ReturnType<typeof history.sync>>;
    try {
      const accounts = (await client.accounts.list()).filter(
        (item) => item.type === 'uk_retail' && !item.closed,
      );
      summary = await history.sync(client, { accounts, approvedAt: loginAt });
    } finally {
      await history.close();
    }
    return {
      ms: performance.now() - started,
      held: summary.held,
      gaps: summary.accounts.reduce((total, account) => total + account.gaps.length, 0),
      pages: 0,
      requests: 0,
      rateLimited: 0,
      maxConcurrency: 0,
      splits: 0,
      sinceLoginMs: Date.now() - loginAt,
      // Closed: the write-ahead log is folded into the file.
      fileBytes: statSync(file).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'child') console.log(JSON.stringify(await walk()));
  else if (process.argv[2] === 'sync') console.log(JSON.stringify(await sync()));
  else await historyWindowBenchmark();
}
