/**
 * The export at scale: `monzo transactions export --format csv` (the CLI's own code, in process) over 1,000,000 (quick: 300,000)
 * transactions, with the heap measured after a full collection every ~20 MB written. The bar: the heap stays
 * flat (under 8 MB of growth) while the export is far larger than the heap. Was a test; at ~50 s it belongs here,
 * and the suite keeps the streaming behaviour at a small scale (packages/cli/src/export/scale.test.ts).
 * `tsx bench/export-scale.ts` runs it alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { run } from '../packages/cli/src/run.js';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { pick } from './mode.js';
import { cliEnv, printTable } from './support.js';

// The quick run's 300,000 still write ~50 MB, several times the heap; --full writes 1,000,000 (~170 MB).
const TRANSACTIONS = pick(300_000, 1_000_000);
const MB = 1024 * 1024;
const GROWTH_BAR = 8 * MB;

export interface ExportScaleResult {
  transactions: number;
  exitCode: number;
  bytes: number;
  ms: number;
  heapSamples: number;
  heapGrowthBytes: number;
  met: boolean;
}

/** Exports 300,000 transactions (1,000,000 with --full) to CSV and reports the bytes, the time and the heap's growth. */
export async function exportScaleBenchmark(): Promise<ExportScaleResult> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // The emulator derives transactions on demand: a million cost it almost no memory.
  const mock = await startMockServer({ transactions: TRANSACTIONS, autoApprove: true });
  const home = await mkdtemp(join(tmpdir(), 'monzo-bench-export-scale-'));
  try {
    const tokens = await signIn(mock);
    const env = { ...cliEnv(home, mock.url, tokens.access_token), NO_COLOR: '1' };
    let bytes = 0;
    let chunks = 0;
    const heap: number[] = [];
    const started = performance.now();
    const exitCode = await run(['transactions', 'export', '--format', 'csv'], {
      terminal: {
        // Counts what goes out, and measures the heap (after a full collection) every ~20 MB of it.
        stdout: {
          write(text: string) {
            bytes += text.length;
            if (++chunks % 300 === 0) {
              gc();
              heap.push(process.memoryUsage().heapUsed);
            }
            return true;
          },
        },
        stderr: { write: () => true },
        stdoutIsTTY: false,
        stdoutKind: 'pipe',
        stderrIsTTY: false,
        stdinIsTTY: false,
        env,
        cwd: home,
      },
      confirm: async () => false,
      openBrowser: async () => false,
      paths: { config: join(home, 'config', 'monzo'), data: join(home, 'data', 'monzo') },
    });
    const ms = performance.now() - started;
    const [first = 0] = heap;
    const heapGrowthBytes = heap.length ? Math.max(...heap) - first : Number.NaN;
    const met = exitCode === 0 && bytes > 150 * MB && heap.length >= 8 && heapGrowthBytes < GROWTH_BAR;
    const result = {
      transactions: TRANSACTIONS,
      exitCode,
      bytes,
      ms,
      heapSamples: heap.length,
      heapGrowthBytes,
      met,
    };
    printTable(
      `Export at scale: ${TRANSACTIONS.toLocaleString('en-GB')} transactions to CSV, in process (heap after a full GC every ~20 MB written; baseline: the first sample)`,
      ['exit', 'written', 'time', 'heap samples', 'heap growth', 'bar < 8 MB'],
      [
        [
          String(exitCode),
          `${(bytes / MB).toFixed(0)} MB`,
          `${(ms / 1000).toFixed(1)} s`,
          String(heap.length),
          `${(heapGrowthBytes / MB).toFixed(2)} MB`,
          met ? 'met' : 'MISSED',
        ],
      ],
    );
    return result;
  } finally {
    await mock.close();
    await rm(home, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await exportScaleBenchmark();
