/**
 * What the SDK costs per call over the plain HTTP it makes: the same `GET /balance` calls through
 * `monzo.balance.get`, through a bare `fetch`, and through the very request the SDK sends made by hand (its
 * headers, and a timeout signal per attempt), all over the same global dispatcher and keep-alive connections,
 * one at a time and 32 at once, under Node 20 and Node 24, against the emulator in a process of its own.
 * Run as `tsx bench/overhead.ts calls <raw|same|sdk> CONCURRENCY` it is one measured side.
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nodeBinary } from '../packages/sdk/test/support/runtimes.js';
import { pick } from './mode.js';
import { builtSdk, fromEnvironment, median, type Served, serve, servedEnv, stop } from './served.js';
import { printTable } from './support.js';

const HERE = fileURLToPath(import.meta.url);
// The child processes read these too: servedEnv passes the mode on.
const CALLS = Number(process.env.BENCH_SDK_CALLS ?? pick(1_000, 5_000));
const RUNS = Number(process.env.BENCH_SDK_RUNS ?? pick(3, 5));
const WARMUP_CALLS = Number(process.env.BENCH_SDK_WARMUP ?? CALLS);
const execute = promisify(execFile);

/**
 * `raw`: a bare `fetch` and `json()`. `same`: by hand, the very request the SDK sends (its headers, and a
 * timeout on each attempt, as every production client needs). `sdk`: `monzo.balance.get`.
 */
type Side = 'raw' | 'same' | 'sdk';
const SIDES: readonly Side[] = ['raw', 'same', 'sdk'];

export interface OverheadResult {
  node: string;
  concurrency: number;
  rawMs: number;
  sameMs: number;
  sdkMs: number;
  /** SDK time ÷ bare fetch time. */
  ratio: number;
  /** SDK time ÷ the same request by hand. */
  sameRatio: number;
}

/**
 * One side's `CALLS` calls, `concurrency` at a time, in a fresh process of `node`: a process that ran every
 * side would compile undici's code for all their ways of calling it, and each would pay for another's garbage.
 */
async function calls(side: Side, concurrency: number, served: Served, node: string): Promise<number> {
  const { stdout } = await execute(node, ['--import', 'tsx', HERE, 'calls', side, String(concurrency)], {
    env: servedEnv(served),
  });
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number }).ms;
}

/** Each side's median time, under Node 20 and 24, one at a time and 32 at once. */
async function overhead(served: Served): Promise<OverheadResult[]> {
  const results: OverheadResult[] = [];
  for (const node of [process.execPath, nodeBinary(24)]) {
    const version = (await execute(node, ['--version'])).stdout.trim();
    for (const concurrency of [1, 32]) {
      const times: Record<Side, number[]> = { raw: [], same: [], sdk: [] };
      // In turn, a different side first each run, so that a slow moment or the order weighs on all alike.
      for (let run = 0; run < RUNS; run++) {
        for (let index = 0; index < SIDES.length; index++) {
          const side = SIDES[(index + run) % SIDES.length] as Side;
          times[side].push(await calls(side, concurrency, served, node));
        }
      }
      const rawMs = median(times.raw);
      const sameMs = median(times.same);
      const sdkMs = median(times.sdk);
      results.push({
        node: version,
        concurrency,
        rawMs,
        sameMs,
        sdkMs,
        ratio: sdkMs / rawMs,
        sameRatio: sdkMs / sameMs,
      });
    }
  }
  return results;
}

/** The calls themselves, warmed up first, then timed. */
async function callMany(side: Side, concurrency: number): Promise<number> {
  const { MonzoClient, VERSION } = await builtSdk();
  const { apiUrl, accessToken, accountId } = fromEnvironment();
  const url = `${apiUrl}/balance?account_id=${accountId}`;
  const headers = { Authorization: `Bearer ${accessToken}` };
  const sdkHeaders = { Accept: 'application/json', 'User-Agent': `monzo-ts/${VERSION}`, ...headers };
  const monzo = new MonzoClient({ apiUrl, accessToken });
  const sides: Record<Side, () => Promise<unknown>> = {
    sdk: () => monzo.balance.get(accountId),
    raw: async () => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`GET /balance answered ${response.status}`);
      return response.json();
    },
    same: async () => {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), 30_000);
      try {
        const response = await fetch(url, { method: 'GET', headers: sdkHeaders, signal: timeout.signal });
        if (!response.ok) throw new Error(`GET /balance answered ${response.status}`);
        return JSON.parse(await response.text());
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const call = sides[side];
  const run = async (count: number) => {
    let next = 0;
    const lane = async () => {
      while (next++ < count) await call();
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, lane));
    return performance.now() - started;
  };
  await run(WARMUP_CALLS); // warm-up: connections open, code optimised
  return run(CALLS);
}

/** The table, and its figures for the JSON copy. */
export async function overheadBenchmark(): Promise<OverheadResult[]> {
  const served = await serve(1_000);
  let calls: OverheadResult[];
  try {
    calls = await overhead(served);
  } finally {
    await stop(served);
  }
  printTable(
    `SDK overhead: ${CALLS.toLocaleString('en-GB')} GET /balance against the emulator in another process, each side in fresh processes (median of ${RUNS} runs; baselines: a bare fetch, and the same request by hand, with the SDK's headers and a timeout signal per attempt)`,
    [
      'node',
      'concurrency',
      'bare fetch',
      'same by hand',
      'SDK',
      'SDK calls/s',
      'SDK ÷ bare',
      'SDK ÷ same',
      'target ≤ 1.05× bare',
    ],
    calls.map((row) => [
      row.node,
      String(row.concurrency),
      `${row.rawMs.toFixed(0)} ms`,
      `${row.sameMs.toFixed(0)} ms`,
      `${row.sdkMs.toFixed(0)} ms`,
      Math.round(CALLS / (row.sdkMs / 1000)).toLocaleString('en-GB'),
      `${row.ratio.toFixed(3)}×`,
      `${row.sameRatio.toFixed(3)}×`,
      row.ratio <= 1.05 ? 'met' : 'MISSED',
    ]),
  );
  return calls;
}

if (process.argv[1] === HERE) {
  const [mode, side, concurrency] = process.argv.slice(2);
  if (mode === 'calls')
    console.log(JSON.stringify({ ms: await callMany(side as Side, Number(concurrency)) }));
  else await overheadBenchmark();
}
