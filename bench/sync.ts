/**
 * The sync benchmark: 100,000 transactions into a new local history through `monzo sync` (the CLI's own code, in
 * process), against the same pages fetched by the SDK in a plain loop that writes nothing: the least any sync has
 * to do. What the ratio shows is the local cost of the history (encoding each transaction, the upserts, one commit
 * per page), with no latency to hide it. Each run is a fresh child process (and a new database), against one
 * emulator in this process, so that each peak RSS is the syncer's own. The database is measured against the
 * NDJSON export of the same transactions (`monzo transactions export --offline --format ndjson`, run on it after
 * the clock stops, which also reads every transaction back). Issue 13's targets: the sync within 1.3× the
 * baseline's time, the database within 2× the NDJSON. Run as `tsx bench/sync.ts child <cli|sdk> DIR [export]` it
 * is one of those children.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { MonzoClient } from '../packages/sdk/src/index.js';
import { pick } from './mode.js';
import { cliEnv, printTable } from './support.js';

const TRANSACTIONS = pick(20_000, 100_000);
const RUNS = pick(1, 3);
/** Issue 13: the sync within 1.3× a bare iterate, the database within 2× the NDJSON export. */
const TIME_TARGET = 1.3;
const SIZE_TARGET = 2;
const run = promisify(execFile);

type Syncer = 'cli' | 'sdk';

interface SyncRun {
  syncer: Syncer;
  /** Transactions held at the end (cli) or fetched (sdk). */
  transactions: number;
  ms: number;
  /** CPU time of the process in the same span (user + system): steadier than `ms` on a busy machine. */
  cpuMs: number;
  peakRssBytes: number;
  /** The database file, with its write-ahead log (cli only). */
  bytes: number;
  /** The NDJSON export of what the database holds (the first cli run only). */
  ndjsonBytes?: number | undefined;
}

export interface SyncResult {
  syncer: Syncer;
  transactions: number;
  /** The median of the runs. */
  ms: number;
  cpuMs: number;
  peakRssBytes: number;
  bytes: number;
  ndjsonBytes: number;
}

/** Runs both syncers `RUNS` times each, alternately, and prints the table. */
export async function syncBenchmark(): Promise<SyncResult[]> {
  const mock = await startMockServer({ transactions: TRANSACTIONS, autoApprove: true });
  try {
    // One login: its 5-minute full-history window covers every run (a few seconds each).
    const tokens = await signIn(mock);
    const runs: SyncRun[] = [];
    for (let index = 0; index < RUNS; index++) {
      for (const syncer of ['sdk', 'cli'] as const)
        runs.push(await child(syncer, mock.url, tokens.access_token, index === 0));
    }
    const results = (['cli', 'sdk'] as const).map((syncer) => summarise(runs, syncer));
    const [cli, sdk] = results as [SyncResult, SyncResult];
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const ratio = (value: number) => `${value.toFixed(2)}×`;
    printTable(
      `Sync of ${TRANSACTIONS.toLocaleString('en-GB')} transactions into a new local history (median of ${RUNS} runs, a fresh process each; baseline: the SDK's iterate over the same pages, writing nothing; targets: time ≤ ${TIME_TARGET}× the baseline, database ≤ ${SIZE_TARGET}× the NDJSON export of the same transactions)`,
      [
        'syncer',
        'time',
        'CPU',
        'transactions/s',
        'peak RSS',
        'database',
        'NDJSON export',
        'size ratio',
        'time ratio',
        'RSS ratio',
        'target',
      ],
      [
        { name: 'monzo sync --account personal (SQLite)', result: cli },
        { name: 'baseline: SDK iterate, no writes', result: sdk },
      ].map(({ name, result }) => {
        const stored = result.bytes > 0;
        const timeRatio = result.ms / sdk.ms;
        const sizeRatio = result.bytes / result.ndjsonBytes;
        return [
          name,
          `${(result.ms / 1000).toFixed(2)} s`,
          `${(result.cpuMs / 1000).toFixed(2)} s`,
          Math.round(result.transactions / (result.ms / 1000)).toLocaleString('en-GB'),
          mb(result.peakRssBytes),
          stored ? mb(result.bytes) : '-',
          stored ? mb(result.ndjsonBytes) : '-',
          stored ? ratio(sizeRatio) : '-',
          ratio(timeRatio),
          ratio(result.peakRssBytes / sdk.peakRssBytes),
          stored ? targets(timeRatio, sizeRatio) : '-',
        ];
      }),
    );
    return results;
  } finally {
    await mock.close();
  }
}

function targets(timeRatio: number, sizeRatio: number): string {
  const met = (value: number, target: number) => `${value <= target ? 'met' : 'MISSED'} (≤ ${target}×)`;
  return `time ${met(timeRatio, TIME_TARGET)}, size ${met(sizeRatio, SIZE_TARGET)}`;
}

function summarise(runs: SyncRun[], syncer: Syncer): SyncResult {
  const mine = runs.filter((item) => item.syncer === syncer);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    syncer,
    transactions: Math.min(...mine.map((item) => item.transactions)),
    ms: median(mine.map((item) => item.ms)),
    cpuMs: median(mine.map((item) => item.cpuMs)),
    peakRssBytes: median(mine.map((item) => item.peakRssBytes)),
    bytes: median(mine.map((item) => item.bytes)),
    ndjsonBytes: mine.find((item) => item.ndjsonBytes !== undefined)?.ndjsonBytes ?? 0,
  };
}

async function child(
  syncer: Syncer,
  apiUrl: string,
  accessToken: string,
  exportToo: boolean,
): Promise<SyncRun> {
  const home = await mkdtemp(join(tmpdir(), 'monzo-bench-sync-'));
  const exporting = syncer === 'cli' && exportToo ? ['export'] : [];
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', syncer, home, ...exporting],
      {
        env: cliEnv(home, apiUrl, accessToken),
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<
      SyncRun,
      'syncer' | 'bytes'
    >;
    const file = join(home, 'history.sqlite');
    const bytes = syncer === 'cli' ? (await size(file)) + (await size(`${file}-wal`)) : 0;
    return { syncer, bytes, ...measured };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function size(file: string): Promise<number> {
  return stat(file).then(
    (info) => info.size,
    () => 0,
  );
}

// ---- The children ------------------------------------------------------------------------------------------

// By a computed path, so that `tsc -p bench` does not type-check the whole CLI with the bench's settings.
const cli = (path: string) => import(new URL(path, import.meta.url).href);

type Monzo = (args: string[]) => Promise<void>;

/** `monzo`, in process: `run()` with the process's streams, exactly what the command does. */
async function loadCli(): Promise<Monzo> {
  const { run: monzo } = (await cli('../packages/cli/src/run.js')) as {
    run(argv: string[], context: unknown): Promise<number>;
  };
  const { processContext } = (await cli('../packages/cli/src/process-context.js')) as {
    processContext(): unknown;
  };
  // Loaded before the clock starts, as the baseline's SDK is: what is timed is the sync, not tsx compiling the
  // command's modules (which the built CLI does not do either).
  await cli('../packages/cli/src/commands/sync/run.js');
  return async (args) => {
    const code = await monzo(args, processContext());
    if (code !== 0) throw new Error(`monzo ${args[0]} exited ${code}`);
  };
}

/** `monzo sync` of the personal account into DIR/history.sqlite. */
function syncInto(monzo: Monzo, dir: string): Promise<void> {
  return monzo(['sync', '--account', 'personal', '--db', join(dir, 'history.sqlite'), '--json']);
}

/** The size of what DIR/history.sqlite holds as NDJSON: the CLI's own offline export of it. */
async function exportedBytes(monzo: Monzo, dir: string): Promise<number> {
  const out = join(dir, 'export.ndjson');
  await monzo([
    'transactions',
    'export',
    '--offline',
    '--db',
    join(dir, 'history.sqlite'),
    '--account',
    'personal',
    '--format',
    'ndjson',
    '--out',
    out,
  ]);
  return size(out);
}

/** Transactions in the database the CLI wrote, counted after the clock stopped. */
async function held(dir: string): Promise<number> {
  const { openHistory } = (await cli('../packages/history/src/index.js')) as {
    openHistory(
      file: string,
      options: { readOnly: boolean },
    ): Promise<{
      accounts(): Promise<Array<{ id: string }>>;
      held(accountId: string): Promise<{ transactions: number }>;
      close(): Promise<void>;
    }>;
  };
  const history = await openHistory(join(dir, 'history.sqlite'), { readOnly: true });
  try {
    let total = 0;
    for (const account of await history.accounts()) total += (await history.held(account.id)).transactions;
    return total;
  } finally {
    await history.close();
  }
}

/** The baseline: the same pages (merchants expanded, 100 a page) through the SDK's iterate, kept nowhere. */
async function sdkFetch(): Promise<number> {
  const monzo = new MonzoClient({
    apiUrl: process.env.MONZO_API_URL,
    accessToken: process.env.MONZO_ACCESS_TOKEN,
  });
  const account = (await monzo.accounts.list()).find((item) => item.type === 'uk_retail' && !item.closed);
  if (!account) throw new Error('no personal account');
  let count = 0;
  for await (const transaction of monzo.transactions.iterate({
    account_id: account.id,
    limit: 100,
    expand: ['merchant'],
  })) {
    if (transaction.id) count++;
  }
  return count;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, syncer, dir = '', exportToo] = process.argv.slice(2);
  if (mode === 'child') {
    const monzo = syncer === 'cli' ? await loadCli() : undefined;
    const started = performance.now();
    const cpu = process.cpuUsage();
    let fetched = 0;
    if (monzo) await syncInto(monzo, dir);
    else fetched = await sdkFetch();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const transactions = monzo ? await held(dir) : fetched;
    const ndjsonBytes = monzo && exportToo === 'export' ? await exportedBytes(monzo, dir) : undefined;
    console.log(JSON.stringify({ ms, cpuMs, peakRssBytes, transactions, ndjsonBytes }));
  } else {
    await syncBenchmark();
  }
}
