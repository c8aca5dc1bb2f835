/**
 * The export benchmark: 100,000 transactions to CSV through `monzo transactions export` (the CLI's own code, in
 * process), against the same CSV written by the SDK in a plain loop, the least any exporter has to do. Each
 * export runs in a fresh child process against one emulator in this process, so that each peak RSS is the
 * exporter's own. Run as `tsx bench/export.ts child <cli|sdk> FILE` it is one of those children.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { type Merchant, MonzoClient, type Transaction } from '../packages/sdk/src/index.js';
import { printTable } from './support.js';

const TRANSACTIONS = 100_000;
const RUNS = 3;
const run = promisify(execFile);

type Exporter = 'cli' | 'sdk';

export interface ExportRun {
  exporter: Exporter;
  transactions: number;
  ms: number;
  peakRssBytes: number;
  bytes: number;
  sha256: string;
}

export interface ExportResult {
  exporter: Exporter;
  transactions: number;
  /** The median of the runs. */
  ms: number;
  peakRssBytes: number;
  bytes: number;
  sameBytesAsBaseline: boolean;
}

/** Runs both exporters `RUNS` times each, alternately, and prints the table. */
export async function exportBenchmark(): Promise<ExportResult[]> {
  const mock = await startMockServer({ transactions: TRANSACTIONS, autoApprove: true });
  const dir = await mkdtemp(join(tmpdir(), 'monzo-bench-export-'));
  try {
    // One login: its 5-minute full-history window covers every run (about 3 s each).
    const tokens = await signIn(mock);
    const runs: ExportRun[] = [];
    for (let index = 0; index < RUNS; index++) {
      for (const exporter of ['sdk', 'cli'] as const) {
        runs.push(
          await child(exporter, mock.url, tokens.access_token, join(dir, `${exporter}-${index}.csv`)),
        );
      }
    }
    const results = (['cli', 'sdk'] as const).map((exporter) => summarise(runs, exporter));
    const [cli, sdk] = results as [ExportResult, ExportResult];
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    printTable(
      `Export of ${TRANSACTIONS.toLocaleString('en-GB')} transactions to CSV (median of ${RUNS} runs, a fresh process each; baseline: the SDK's iterate in a plain loop writing the same CSV)`,
      ['exporter', 'time', 'transactions/s', 'peak RSS', 'file', 'same bytes', 'time ratio', 'RSS ratio'],
      [
        { name: 'monzo transactions export --format csv --out', result: cli },
        { name: 'baseline: SDK iterate + CSV lines', result: sdk },
      ].map(({ name, result }) => [
        name,
        `${(result.ms / 1000).toFixed(2)} s`,
        Math.round(result.transactions / (result.ms / 1000)).toLocaleString('en-GB'),
        mb(result.peakRssBytes),
        mb(result.bytes),
        result.sameBytesAsBaseline ? 'yes' : 'NO',
        `${(result.ms / sdk.ms).toFixed(2)}×`,
        `${(result.peakRssBytes / sdk.peakRssBytes).toFixed(2)}×`,
      ]),
    );
    return results;
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function summarise(runs: ExportRun[], exporter: Exporter): ExportResult {
  const mine = runs.filter((item) => item.exporter === exporter);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const baseline = runs.find((item) => item.exporter === 'sdk');
  return {
    exporter,
    transactions: mine[0]?.transactions ?? 0,
    ms: median(mine.map((item) => item.ms)),
    peakRssBytes: median(mine.map((item) => item.peakRssBytes)),
    bytes: mine[0]?.bytes ?? 0,
    sameBytesAsBaseline: mine.every((item) => item.sha256 === baseline?.sha256),
  };
}

async function child(
  exporter: Exporter,
  apiUrl: string,
  accessToken: string,
  file: string,
): Promise<ExportRun> {
  const home = await mkdtemp(join(tmpdir(), 'monzo-bench-home-'));
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', exporter, file],
      {
        // A home of its own: the CLI must use this token, not a login stored on this machine.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_CONFIG_HOME: join(home, 'config'),
          MONZO_API_URL: apiUrl,
          MONZO_AUTH_URL: apiUrl,
          MONZO_ACCESS_TOKEN: accessToken,
        },
        maxBuffer: 1024 * 1024,
      },
    );
    const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ms: number;
      peakRssBytes: number;
    };
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    const bytes = (await stat(file)).size;
    const transactions = await countRows(file);
    return { exporter, transactions, bytes, sha256: hash.digest('hex'), ...measured };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Rows after the header; no field of the emulator's data holds a line break. */
async function countRows(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  }
  return lines - 1;
}

// ---- The children ------------------------------------------------------------------------------------------

/**
 * The CLI's export, in process: `run()` with the process's streams, exactly what `monzo` does. Loaded before
 * the clock starts, as the SDK is for the baseline; its memory counts all the same.
 */
async function loadCliExport(): Promise<(file: string) => Promise<void>> {
  // By a computed path, so that `tsc -p bench` does not type-check the whole CLI with the bench's settings.
  const cli = (path: string) => import(new URL(path, import.meta.url).href);
  const { run: monzo } = (await cli('../packages/cli/src/run.js')) as {
    run(argv: string[], context: unknown): Promise<number>;
  };
  const { processContext } = (await cli('../packages/cli/src/process-context.js')) as {
    processContext(): unknown;
  };
  return async (file) => {
    const code = await monzo(['transactions', 'export', '--format', 'csv', '--out', file], processContext());
    if (code !== 0) throw new Error(`monzo transactions export exited ${code}`);
  };
}

const CSV_HEADER =
  'date,id,account_id,amount,currency,status,description,merchant,counterparty,category,notes,decline_reason,settled\r\n';
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The baseline: the SDK's iterate, one CSV line per transaction, to a write stream. Nothing else. */
async function sdkExport(file: string): Promise<void> {
  const monzo = new MonzoClient({
    apiUrl: process.env.MONZO_API_URL,
    accessToken: process.env.MONZO_ACCESS_TOKEN,
  });
  const account = (await monzo.accounts.list()).find((item) => item.type === 'uk_retail' && !item.closed);
  if (!account) throw new Error('no personal account');
  const out = createWriteStream(file);
  out.write(CSV_HEADER);
  const pages = monzo.transactions.iterate({ account_id: account.id, limit: 100, expand: ['merchant'] });
  for await (const transaction of pages) {
    if (!out.write(csvLine(transaction, account.id))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

function csvLine(transaction: Transaction<Merchant>, accountId: string): string {
  const status = transaction.decline_reason ? 'declined' : transaction.settled ? 'settled' : 'pending';
  return `${[
    transaction.created,
    transaction.id,
    transaction.account_id || accountId,
    (transaction.amount / 100).toFixed(2),
    transaction.currency,
    status,
    transaction.description,
    transaction.merchant?.name ?? '',
    transaction.counterparty?.name ?? '',
    transaction.category,
    transaction.notes,
    transaction.decline_reason ?? '',
    transaction.settled,
  ]
    .map(field)
    .join(',')}\r\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, exporter, file = ''] = process.argv.slice(2);
  if (mode === 'child') {
    const exportTo = exporter === 'cli' ? await loadCliExport() : sdkExport;
    const started = performance.now();
    await exportTo(file);
    const ms = performance.now() - started;
    console.log(JSON.stringify({ ms, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  } else {
    await exportBenchmark();
  }
}
