import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../test/harness.js';
import { type CliContext, xdgPaths } from '../context.js';
import { run } from '../run.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

describe('monzo transactions export at 1,000,000 transactions', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    // The emulator derives transactions on demand: a million cost it almost no memory.
    cli = await cliHarness({ transactions: 1_000_000 });
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  it('streams the whole history in constant memory', { timeout: 180_000 }, async () => {
    let bytes = 0;
    let chunks = 0;
    const heap: number[] = [];
    const context: CliContext = {
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
        env: cli.env,
        cwd: cli.home,
      },
      confirm: async () => false,
      openBrowser: async () => false,
      paths: xdgPaths(cli.env),
    };
    const code = await run(['transactions', 'export', '--format', 'csv'], context);
    expect(code).toBe(0);
    expect(bytes).toBeGreaterThan(150 * MB); // ~180 bytes a row: the export is far larger than the heap
    expect(heap.length).toBeGreaterThanOrEqual(8);
    // Flat: the heap at the end is within a few MB of the heap near the start (the emulator's included).
    const [first = 0] = heap;
    const growth = Math.max(...heap) - first;
    expect(growth).toBeLessThan(8 * MB);
  });
});
