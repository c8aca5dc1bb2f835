/**
 * Paging: `transactions.iterate` over a whole history against a raw `since=<last id>` page loop, 100 a page,
 * merchants expanded, each in a fresh child process so that its peak RSS is its own, at 100,000 and 1,000,000
 * transactions: the time ratio, and memory that does not grow with the history. Run as
 * `tsx bench/paging.ts page <sdk|raw>` it is one measured pager.
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pick } from './mode.js';
import { builtSdk, fromEnvironment, median, type Served, serve, servedEnv, stop } from './served.js';
import { printTable } from './support.js';

const HERE = fileURLToPath(import.meta.url);
/**
 * Histories paged, and runs of each pager per history: a million takes over a minute a run on 2 cores, so the
 * quick run pages 50,000 once.
 */
const HISTORIES = pick(
  [{ size: 50_000, runs: Number(process.env.BENCH_PAGE_RUNS ?? 1) }],
  [
    { size: 100_000, runs: Number(process.env.BENCH_PAGE_RUNS ?? 3) },
    { size: 1_000_000, runs: Number(process.env.BENCH_PAGE_RUNS ?? 1) },
  ],
);
const execute = promisify(execFile);

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
    env: servedEnv(served),
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
  const { MonzoClient } = await builtSdk();
  const { apiUrl: url, accessToken, accountId: account_id } = fromEnvironment();
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

/** The table, and its figures for the JSON copy. */
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
  const [mode, pager] = process.argv.slice(2);
  if (mode === 'page') {
    const started = performance.now();
    const transactions = await pageThrough(pager as Pager);
    const ms = performance.now() - started;
    console.log(JSON.stringify({ transactions, ms, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  } else {
    await pagingBenchmark();
  }
}
