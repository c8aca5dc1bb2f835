/**
 * The emulator for the SDK benchmarks, in a process of its own so that client and server do not share one event
 * loop, and the SDK as users get it. Run as `tsx bench/served.ts N` it is that process: it starts the emulator
 * with N transactions per account, logs in, prints where and how as one JSON line, and stops when stdin ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { modeEnv } from './mode.js';

const HERE = fileURLToPath(import.meta.url);

/**
 * The SDK as users get it: the built package (`npm run bench` builds first), not its source through tsx, whose
 * helpers (a `__name` call per closure) would be measured too.
 */
export async function builtSdk() {
  return (await import(
    new URL('../packages/sdk/dist/index.js', import.meta.url).href
  )) as typeof import('../packages/sdk/src/index.js');
}

/** Where a served emulator is, and a login to it. */
export interface Served {
  url: string;
  accessToken: string;
  accountId: string;
  child: ChildProcess;
}

/** The environment a measured child reads the emulator from (see `fromEnvironment`). */
export function servedEnv(served: Served): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    BENCH_URL: served.url,
    BENCH_TOKEN: served.accessToken,
    BENCH_ACCOUNT: served.accountId,
    ...modeEnv(),
  };
}

export function fromEnvironment() {
  return {
    apiUrl: process.env.BENCH_URL as string,
    accessToken: process.env.BENCH_TOKEN as string,
    accountId: process.env.BENCH_ACCOUNT as string,
  };
}

/** Starts the emulator with `transactions` per account in a child process, logged in and approved. */
export async function serve(transactions: number): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', HERE, String(transactions)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return { ...(JSON.parse(line) as Omit<Served, 'child'>), child };
}

export async function stop(served: Served): Promise<void> {
  served.child.stdin?.end();
  await once(served.child, 'exit');
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

if (process.argv[1] === HERE) {
  const mock = await startMockServer({ transactions: Number(process.argv[2]), autoApprove: true });
  const tokens = await signIn(mock);
  const accountId = mock.control.dataset().accounts.find((account) => account.type === 'uk_retail')?.id;
  console.log(JSON.stringify({ url: mock.url, accessToken: tokens.access_token, accountId }));
  process.stdin.resume();
  await once(process.stdin, 'end');
  await mock.close();
}
