/**
 * `npm run bench`: one command, one table per subject, each figure a ratio against a baseline measured in the
 * same run on the same machine. A JSON copy of the figures goes to bench/results/. The default is the quick run
 * (every table and headline row, with fewer runs, shorter loads and smaller datasets, each table says which);
 * `npm run bench -- --full` is the full one.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { exportBenchmark } from './export.js';
import { historyWindowBenchmark } from './history-window.js';
import { FULL, pick } from './mode.js';
import { overheadBenchmark } from './overhead.js';
import { pagingBenchmark } from './paging.js';
import { sizeBenchmark } from './size.js';
import { startupBenchmark } from './startup.js';
import { type FixedAnswer, load, printTable, startBareServer } from './support.js';
import { syncBenchmark } from './sync.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? pick(3, 8));
/** Transactions per account behind the throughput and memory tables. */
const LARGE = pick(200_000, 1_000_000);
const started = performance.now();
console.log(
  FULL
    ? 'Full run.'
    : 'Quick run: fewer runs, shorter loads, smaller datasets (each table says); `npm run bench -- --full` for the full one.',
);
const run = promisify(execFile);

/** Requests per second of the emulator against a bare node:http server sending the very same bytes. */
async function emulatorThroughput() {
  const mock = await startMockServer({ autoApprove: true, transactions: LARGE });
  try {
    const tokens = await signIn(mock);
    const headers = { Authorization: `Bearer ${tokens.access_token}` };
    const accounts = (await (await fetch(`${mock.url}/accounts`, { headers })).json()) as {
      accounts: { id: string; type: string }[];
    };
    const personal = accounts.accounts.find((account) => account.type === 'uk_retail');
    if (!personal) throw new Error('no personal account');
    const now = mock.control.now();
    const page = (at: number) =>
      `/transactions?account_id=${personal.id}&limit=100&since=${new Date(at).toISOString()}`;
    const first = now - 80 * 24 * 3_600_000;
    // 4,000 pages from all over the last 80 days: no two requests in a row read the same page.
    const walk = Array.from({ length: 4_000 }, (_, index) => page(first + index * 1_700_000));
    const scenarios: { name: string; path: string; paths?: string[] }[] = [
      { name: 'GET /balance', path: `/balance?account_id=${personal.id}` },
      { name: 'GET /transactions: the same page of 100', path: page(first) },
      { name: 'GET /transactions: a different page of 100 each time', path: page(first), paths: walk },
    ];
    const rows = [];
    for (const scenario of scenarios) {
      const answer = await capture(`${mock.url}${scenario.path}`, headers);
      const bare = await startBareServer(answer);
      try {
        await load(`${bare.url}${scenario.path}`, headers, 1); // warm-up for both sides
        await load(`${mock.url}${scenario.path}`, headers, 1);
        // The same paths on both sides: rotating them costs autocannon itself some time per request.
        const baseline = await load(`${bare.url}${scenario.path}`, headers, seconds, scenario.paths);
        const emulator = await load(`${mock.url}${scenario.path}`, headers, seconds, scenario.paths);
        if (emulator.errors || emulator.non2xx)
          throw new Error(`${scenario.name}: ${emulator.non2xx} non-2xx, ${emulator.errors} errors`);
        rows.push({
          scenario: scenario.name,
          bytes: answer.body.byteLength,
          emulator,
          baseline,
          ratio: emulator.requestsPerSecond / baseline.requestsPerSecond,
        });
      } finally {
        await bare.close();
      }
    }
    return rows;
  } finally {
    await mock.close();
  }
}

async function capture(url: string, headers: Record<string, string>): Promise<FixedAnswer> {
  const response = await fetch(url, { headers });
  if (response.status !== 200)
    throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/json',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Start time and memory held with an empty dataset and with LARGE transactions per account. */
async function emulatorMemory() {
  const sizes = [0, LARGE];
  const results = [];
  for (const size of sizes) {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(HERE, 'emulator-memory.ts'), String(size)],
      { maxBuffer: 1024 * 1024 },
    );
    results.push(
      JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        transactions: number;
        startMs: number;
        rssBytes: number;
        heapUsedBytes: number;
      },
    );
  }
  return results;
}

const startup = await startupBenchmark();
const size = await sizeBenchmark();
const sdk = { overhead: await overheadBenchmark(), paging: await pagingBenchmark() };
const throughput = await emulatorThroughput();
printTable(
  `Emulator throughput, ${LARGE.toLocaleString('en-GB')} transactions per account (autocannon, 16 connections, ${seconds} s each; baseline: bare node:http sending the same bytes)`,
  ['scenario', 'body', 'emulator req/s', 'baseline req/s', 'ratio', 'p99 ms', 'bar ≥ 0.5×'],
  throughput.map((row) => [
    row.scenario,
    `${row.bytes} B`,
    row.emulator.requestsPerSecond.toFixed(0),
    row.baseline.requestsPerSecond.toFixed(0),
    `${row.ratio.toFixed(2)}×`,
    String(row.emulator.p99Ms),
    row.ratio >= 0.5 ? 'met' : 'MISSED',
  ]),
);

const memory = await emulatorMemory();
const empty = memory[0];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
printTable(
  'Emulator start and memory (fresh process each; baseline: an empty dataset)',
  ['transactions per account', 'start', 'RSS', 'heap used', 'RSS ratio', 'heap ratio'],
  memory.map((row) => [
    row.transactions.toLocaleString('en-GB'),
    `${row.startMs.toFixed(0)} ms`,
    mb(row.rssBytes),
    mb(row.heapUsedBytes),
    `${(row.rssBytes / (empty?.rssBytes ?? row.rssBytes)).toFixed(2)}×`,
    `${(row.heapUsedBytes / (empty?.heapUsedBytes ?? row.heapUsedBytes)).toFixed(2)}×`,
  ]),
);

const exported = await exportBenchmark();
const synced = await syncBenchmark();
const historyWindow = await historyWindowBenchmark();

const results = join(HERE, 'results');
await mkdir(results, { recursive: true });
const file = join(results, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(
  file,
  `${JSON.stringify({ node: process.version, full: FULL, seconds, startup, size, sdk, throughput, memory, export: exported, sync: synced, historyWindow }, null, 2)}\n`,
);
console.log(`\nfigures saved to ${file}`);

// The 1,000,000-transaction export with its heap watched: a test until it took ~50 s of the suite.
const { exportScaleBenchmark } = await import('./export-scale.js');
const exportScale = await exportScaleBenchmark();
await writeFile(file.replace(/\.json$/, '-export-scale.json'), `${JSON.stringify(exportScale, null, 2)}\n`);
console.log(`${FULL ? 'full' : 'quick'} run: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
