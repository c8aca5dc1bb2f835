/**
 * The export benchmark: 100,000 transactions to each format through `monzo transactions export` (the CLI's own
 * code, in process), against the SDK's iterate writing CSV lines in a plain loop, the least any exporter has to
 * do. Each export runs in a fresh child process against one emulator in this process, so that each peak RSS is
 * the exporter's own. Run as `tsx bench/export.ts child <format|sdk> FILE` it is one of those children.
 */
import { execFile } from 'node:child_process';
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
import { pick } from './mode.js';
import { cliEnv, printTable } from './support.js';

const TRANSACTIONS = pick(20_000, 100_000);
const RUNS = pick(1, 3);
const run = promisify(execFile);

const FORMATS = ['csv', 'json', 'ndjson', 'ofx', 'qif'] as const;
/** A CLI format, or `sdk`: the baseline loop. */
type Exporter = (typeof FORMATS)[number] | 'sdk';

export interface ExportRun {
  exporter: Exporter;
  /** Transactions counted back in the file. */
  transactions: number;
  ms: number;
  peakRssBytes: number;
  bytes: number;
}

export type ExportResult = ExportRun;

/** Runs every exporter `RUNS` times, in turn, and prints the table. */
export async function exportBenchmark(): Promise<ExportResult[]> {
  const mock = await startMockServer({ transactions: TRANSACTIONS, autoApprove: true });
  const dir = await mkdtemp(join(tmpdir(), 'monzo-bench-export-'));
  try {
    // One login: its 5-minute full-history window covers every run (a few seconds each).
    const tokens = await signIn(mock);
    const runs: ExportRun[] = [];
    let declined = 0;
    for (let index = 0; index < RUNS; index++) {
      for (const exporter of ['sdk', ...FORMATS] as const) {
        const file = join(dir, `${exporter}-${index}.${exporter === 'sdk' ? 'csv' : exporter}`);
        runs.push(await child(exporter, mock.url, tokens.access_token, file));
        if (exporter === 'ndjson') declined = await occurrences(file, '"status":"declined"');
        await rm(file);
      }
    }
    const results = (['sdk', ...FORMATS] as const).map((exporter) => summarise(runs, exporter));
    const sdk = results[0] as ExportResult;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    printTable(
      `Export of ${TRANSACTIONS.toLocaleString('en-GB')} transactions (median of ${RUNS} runs, a fresh process each; baseline: the SDK's iterate in a plain loop writing CSV lines; OFX and QIF hold only the payments that moved money, declined ones left out)`,
      ['exporter', 'time', 'transactions/s', 'peak RSS', 'file', 'counted back', 'time ratio', 'RSS ratio'],
      results.map((result) => [
        result.exporter === 'sdk'
          ? 'baseline: SDK iterate + CSV lines'
          : `monzo transactions export --format ${result.exporter}`,
        `${(result.ms / 1000).toFixed(2)} s`,
        Math.round(result.transactions / (result.ms / 1000)).toLocaleString('en-GB'),
        mb(result.peakRssBytes),
        mb(result.bytes),
        result.transactions.toLocaleString('en-GB'),
        `${(result.ms / sdk.ms).toFixed(2)}×`,
        `${(result.peakRssBytes / sdk.peakRssBytes).toFixed(2)}×`,
      ]),
    );
    // OFX and QIF are ledgers: they leave out declined payments, which moved no money.
    const expected = (exporter: Exporter) =>
      exporter === 'ofx' || exporter === 'qif' ? TRANSACTIONS - declined : TRANSACTIONS;
    const short = results.filter((result) => result.transactions !== expected(result.exporter));
    if (short.length > 0) throw new Error(`exports missing transactions: ${JSON.stringify(short)}`);
    return results;
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function summarise(runs: ExportRun[], exporter: Exporter): ExportResult {
  const mine = runs.filter((item) => item.exporter === exporter);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    exporter,
    transactions: Math.min(...mine.map((item) => item.transactions)),
    ms: median(mine.map((item) => item.ms)),
    peakRssBytes: median(mine.map((item) => item.peakRssBytes)),
    bytes: mine[0]?.bytes ?? 0,
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
        env: cliEnv(home, apiUrl, accessToken),
        maxBuffer: 1024 * 1024,
      },
    );
    const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ms: number;
      peakRssBytes: number;
    };
    const bytes = (await stat(file)).size;
    const transactions = await countBack(file, exporter === 'sdk' ? 'csv' : exporter);
    return { exporter, transactions, bytes, ...measured };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * How many transactions a file holds, by a marker each one has once: a line (CSV, after its header; NDJSON), an
 * object opening a line (JSON), a `<STMTTRN>` (OFX), a `^` line (QIF). No field of the emulator's data holds a
 * line break; the tests parse every format properly.
 */
async function countBack(file: string, format: (typeof FORMATS)[number]): Promise<number> {
  const marker = { csv: '\n', ndjson: '\n', json: '\n{', ofx: '<STMTTRN>', qif: '\n^' }[format];
  const count = await occurrences(file, marker);
  return format === 'csv' ? count - 1 : count;
}

/** How often `marker` occurs in a file, read as a stream. */
async function occurrences(file: string, marker: string): Promise<number> {
  // A marker split across two chunks is found in the tail kept from the first, which no whole marker fits in.
  const keep = marker.length - 1;
  let count = 0;
  let tail = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const text = tail + (chunk as string);
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) count++;
    tail = keep > 0 ? text.slice(-keep) : '';
  }
  return count;
}

// ---- The children ------------------------------------------------------------------------------------------

/**
 * The CLI's export, in process: `run()` with the process's streams, exactly what `monzo` does. Loaded before
 * the clock starts, as the SDK is for the baseline; its memory counts all the same.
 */
async function loadCliExport(format: string): Promise<(file: string) => Promise<void>> {
  // By a computed path, so that `tsc -p bench` does not type-check the whole CLI with the bench's settings.
  const cli = (path: string) => import(new URL(path, import.meta.url).href);
  const { run: monzo } = (await cli('../packages/cli/src/run.js')) as {
    run(argv: string[], context: unknown): Promise<number>;
  };
  const { processContext } = (await cli('../packages/cli/src/process-context.js')) as {
    processContext(): unknown;
  };
  return async (file) => {
    const code = await monzo(['transactions', 'export', '--format', format, '--out', file], processContext());
    if (code !== 0) throw new Error(`monzo transactions export --format ${format} exited ${code}`);
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
    const exportTo = exporter === 'sdk' ? sdkExport : await loadCliExport(exporter ?? '');
    const started = performance.now();
    await exportTo(file);
    const ms = performance.now() - started;
    console.log(JSON.stringify({ ms, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  } else {
    await exportBenchmark();
  }
}
