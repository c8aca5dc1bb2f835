/**
 * What the SDK costs over the plain HTTP it makes, measured in the same run against the emulator in a process
 * of its own (so that client and server do not share one event loop):
 *
 * 1. Overhead: the same `GET /balance` calls through `monzo.balance.get` and through raw `fetch` (the same
 *    global dispatcher, so the same keep-alive connections), one at a time and 32 at once.
 * 2. Paging: `transactions.iterate` over a whole history against a raw `since=<last id>` page loop, each in a
 *    fresh child process so that its peak RSS is its own, at 100,000 and 1,000,000 transactions.
 *
 * `tsx bench/sdk.ts [overhead|paging]` runs both tables or one. Run as `tsx bench/sdk.ts serve N` it is the
 * emulator's process; as `tsx bench/sdk.ts page <sdk|raw>` a pager.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { printTable } from './support.js';

// The SDK as users get it: the built package (`npm run bench` builds first), not its source through tsx, whose
// helpers (a `__name` call per closure) would be measured too.
const { MonzoClient } = (await import(
  new URL('../packages/sdk/dist/index.js', import.meta.url).href
)) as typeof import('../packages/sdk/src/index.js');

const HERE = fileURLToPath(import.meta.url);
const CALLS = Number(process.env.BENCH_SDK_CALLS ?? 5_000);
const RUNS = Number(process.env.BENCH_SDK_RUNS ?? 5);
/** Histories paged, and runs of each pager per history: a million takes over a minute a run on 2 cores. */
const HISTORIES = [
  { size: 100_000, runs: Number(process.env.BENCH_PAGE_RUNS ?? 3) },
  { size: 1_000_000, runs: Number(process.env.BENCH_PAGE_RUNS ?? 1) },
];
const execute = promisify(execFile);

/** Where a served emulator is, and a login to it. */
interface Served {
  url: string;
  accessToken: string;
  accountId: string;
  child: ChildProcess;
}

/** Starts the emulator with `transactions` per account in a child process, logged in and approved. */
async function serve(transactions: number): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', HERE, 'serve', String(transactions)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return { ...(JSON.parse(line) as Omit<Served, 'child'>), child };
}

async function stop(served: Served): Promise<void> {
  served.child.stdin?.end();
  await once(served.child, 'exit');
}

// ---- 1. Per-call overhead -------------------------------------------------------------------------------

type Call = () => Promise<unknown>;

/** Wall time of `CALLS` calls, `concurrency` at a time. */
async function timed(call: Call, concurrency: number): Promise<number> {
  let next = 0;
  const lane = async () => {
    while (next++ < CALLS) await call();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return performance.now() - started;
}

export interface OverheadResult {
  concurrency: number;
  rawMs: number;
  sdkMs: number;
  ratio: number;
}

async function overhead(served: Served): Promise<OverheadResult[]> {
  const url = `${served.url}/balance?account_id=${served.accountId}`;
  const headers = { Authorization: `Bearer ${served.accessToken}` };
  const raw: Call = async () => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`GET /balance answered ${response.status}`);
    return response.json();
  };
  const monzo = new MonzoClient({ apiUrl: served.url, accessToken: served.accessToken });
  const sdk: Call = () => monzo.balance.get(served.accountId);
  const results: OverheadResult[] = [];
  for (const concurrency of [1, 32]) {
    await timed(raw, concurrency); // warm-up: connections open, code optimised, for both
    await timed(sdk, concurrency);
    const rawMs: number[] = [];
    const sdkMs: number[] = [];
    // Interleaved, so that a slow moment on the machine weighs on both alike.
    for (let run = 0; run < RUNS; run++) {
      rawMs.push(await timed(raw, concurrency));
      sdkMs.push(await timed(sdk, concurrency));
    }
    const result = { concurrency, rawMs: median(rawMs), sdkMs: median(sdkMs) };
    results.push({ ...result, ratio: result.sdkMs / result.rawMs });
  }
  return results;
}

// ---- 2. Paging --------------------------------------------------------------------------------------------

type Pager = 'sdk' | 'raw';

export interface PagingResult {
  transactions: number;
  pager: Pager;
  ms: number;
  peakRssBytes: number;
}

/** One pager in a fresh process: its time and peak RSS, and how many transactions it saw. */
async function page(pager: Pager, served: Served): Promise<PagingResult> {
  const { stdout } = await execute(process.execPath, ['--import', 'tsx', HERE, 'page', pager], {
    env: {
      PATH: process.env.PATH ?? '',
      BENCH_URL: served.url,
      BENCH_TOKEN: served.accessToken,
      BENCH_ACCOUNT: served.accountId,
    },
  });
  return { pager, ...(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<PagingResult, 'pager'>) };
}

async function paging(): Promise<PagingResult[]> {
  const results: PagingResult[] = [];
  for (const { size, runs: count } of HISTORIES) {
    const served = await serve(size);
    try {
      const runs: PagingResult[] = [];
      for (let run = 0; run < count; run++) {
        for (const pager of ['raw', 'sdk'] as const) runs.push(await page(pager, served));
      }
      for (const pager of ['raw', 'sdk'] as const) {
        const mine = runs.filter((item) => item.pager === pager);
        if (mine.some((item) => item.transactions !== size))
          throw new Error(`${pager} paged ${mine.map((item) => item.transactions)} of ${size}`);
        results.push({
          transactions: size,
          pager,
          ms: median(mine.map((item) => item.ms)),
          peakRssBytes: median(mine.map((item) => item.peakRssBytes)),
        });
      }
    } finally {
      await stop(served);
    }
  }
  return results;
}

/** The pagers themselves: the same pages (100 a page, merchants expanded), every transaction touched. */
async function pageThrough(pager: Pager): Promise<number> {
  const url = process.env.BENCH_URL as string;
  const accessToken = process.env.BENCH_TOKEN as string;
  const account_id = process.env.BENCH_ACCOUNT as string;
  let count = 0;
  let sum = 0;
  if (pager === 'sdk') {
    const monzo = new MonzoClient({ apiUrl: url, accessToken });
    for await (const tx of monzo.transactions.iterate({ account_id, expand: ['merchant'] })) {
      count++;
      sum += tx.amount;
    }
  } else {
    const headers = { Authorization: `Bearer ${accessToken}` };
    let since: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ account_id, limit: '100', 'expand[]': 'merchant' });
      if (since) query.set('since', since);
      const response = await fetch(`${url}/transactions?${query}`, { headers });
      if (!response.ok) throw new Error(`GET /transactions answered ${response.status}`);
      const { transactions } = (await response.json()) as { transactions: { id: string; amount: number }[] };
      for (const tx of transactions) {
        count++;
        sum += tx.amount;
      }
      if (transactions.length < 100) break;
      since = transactions.at(-1)?.id;
    }
  }
  if (!Number.isFinite(sum)) throw new Error('amounts did not add up');
  return count;
}

// ---- The tables ---------------------------------------------------------------------------------------------

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** Both tables: the per-call overhead, then paging. */
export async function sdkBenchmark(): Promise<{ overhead: OverheadResult[]; paging: PagingResult[] }> {
  return { overhead: await overheadBenchmark(), paging: await pagingBenchmark() };
}

export async function overheadBenchmark(): Promise<OverheadResult[]> {
  const served = await serve(1_000);
  let calls: OverheadResult[];
  try {
    calls = await overhead(served);
  } finally {
    await stop(served);
  }
  printTable(
    `SDK overhead: ${CALLS.toLocaleString('en-GB')} GET /balance against the emulator in another process (median of ${RUNS} runs; baseline: raw fetch, same dispatcher and keep-alive)`,
    ['concurrency', 'raw fetch', 'SDK', 'raw calls/s', 'SDK calls/s', 'time ratio', 'target ≤ 1.05×'],
    calls.map((row) => [
      String(row.concurrency),
      `${row.rawMs.toFixed(0)} ms`,
      `${row.sdkMs.toFixed(0)} ms`,
      Math.round(CALLS / (row.rawMs / 1000)).toLocaleString('en-GB'),
      Math.round(CALLS / (row.sdkMs / 1000)).toLocaleString('en-GB'),
      `${row.ratio.toFixed(3)}×`,
      row.ratio <= 1.05 ? 'met' : 'MISSED',
    ]),
  );

  return calls;
}

export async function pagingBenchmark(): Promise<PagingResult[]> {
  const pages = await paging();
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  printTable(
    `Paging a whole history, 100 a page, merchants expanded (median of ${HISTORIES.map((h) => h.runs).join(' and ')} runs, a fresh process each; baseline: a raw since=<last id> fetch loop)`,
    [
      'transactions',
      'pager',
      'time',
      'transactions/s',
      'peak RSS',
      'time ratio',
      'RSS ratio',
      'target ≤ 1.10×',
    ],
    pages.map((row) => {
      const raw = pages.find(
        (item) => item.transactions === row.transactions && item.pager === 'raw',
      ) as PagingResult;
      const ratio = row.ms / raw.ms;
      return [
        row.transactions.toLocaleString('en-GB'),
        row.pager === 'sdk' ? 'transactions.iterate' : 'baseline: raw page loop',
        `${(row.ms / 1000).toFixed(2)} s`,
        Math.round(row.transactions / (row.ms / 1000)).toLocaleString('en-GB'),
        mb(row.peakRssBytes),
        `${ratio.toFixed(3)}×`,
        `${(row.peakRssBytes / raw.peakRssBytes).toFixed(2)}×`,
        row.pager === 'raw' ? '-' : ratio <= 1.1 ? 'met' : 'MISSED',
      ];
    }),
  );
  return pages;
}

if (process.argv[1] === HERE) {
  const [mode, argument] = process.argv.slice(2);
  if (mode === 'serve') {
    const mock = await startMockServer({ transactions: Number(argument), autoApprove: true });
    const tokens = await signIn(mock);
    const accountId = mock.control.dataset().accounts.find((account) => account.type === 'uk_retail')?.id;
    console.log(JSON.stringify({ url: mock.url, accessToken: tokens.access_token, accountId }));
    process.stdin.resume();
    await once(process.stdin, 'end');
    await mock.close();
  } else if (mode === 'page') {
    const started = performance.now();
    const transactions = await pageThrough(argument as Pager);
    const ms = performance.now() - started;
    console.log(JSON.stringify({ transactions, ms, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  } else if (mode === 'overhead') {
    await overheadBenchmark();
  } else if (mode === 'paging') {
    await pagingBenchmark();
  } else {
    await sdkBenchmark();
  }
}
