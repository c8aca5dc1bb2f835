/**
 * Startup of `monzo`, the built CLI as a user runs it (packages/cli/bin/monzo.js, which requires the build in
 * dist/), in fresh processes against a bare `node -e 0`: `--version` and `--help` until they exit, and each
 * command until its first request reaches the API (a loopback server that records the moment and answers
 * nothing), or for the commands that serve rather than ask, until they are ready. Each command runs as a logged-in user's would: a stored login, the API in
 * MONZO_API_URL. Run as `tsx bench/startup.ts` it prints the table alone.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileTokenStore } from '../packages/sdk/src/index.js';
import { nodeBinary } from '../packages/sdk/test/support/runtimes.js';
import { freePort } from '../test/support/ports.js';
import { FULL, pick } from './mode.js';
import { median } from './served.js';
import { printTable } from './support.js';

const BIN = fileURLToPath(new URL('../packages/cli/bin/monzo.js', import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? pick(5, 21));
/** Above a bare `node -e 0`: `--version` and `--help` within 1.3× of it, a command's own startup within 50 ms. */
const RATIO_TARGET = 1.3;
const ABOVE_TARGET_MS = 50;

/** When a run is over: the process exited, the API saw a request, or a line matched on its output. */
type Until = 'exit' | 'request' | RegExp;

interface Case {
  name: string;
  /** `node` arguments; the CLI's own arguments follow BIN. */
  argv: (env: CaseEnv) => string[];
  until: Until;
}

interface CaseEnv {
  home: string;
}

const cli = (...args: string[]) => (() => [BIN, ...args]) as Case['argv'];

const CASES: Case[] = [
  { name: 'baseline: node -e 0', argv: () => ['-e', '0'], until: 'exit' },
  {
    // What any fetch-based client pays before its first request (Node loads its fetch, undici, on first use).
    name: 'reference: node -e "fetch(API)"',
    argv: () => ['-e', 'fetch(process.env.MONZO_API_URL).catch(() => {})'],
    until: 'request',
  },
  { name: 'monzo --version', argv: cli('--version'), until: 'exit' },
  { name: 'monzo --help', argv: cli('--help'), until: 'exit' },
  { name: 'monzo whoami', argv: cli('whoami'), until: 'request' },
  { name: 'monzo accounts', argv: cli('accounts'), until: 'request' },
  { name: 'monzo balance', argv: cli('balance'), until: 'request' },
  { name: 'monzo pots', argv: cli('pots'), until: 'request' },
  { name: 'monzo pots deposit', argv: cli('pots', 'deposit', 'Holiday', '5', '--yes'), until: 'request' },
  { name: 'monzo transactions', argv: cli('transactions'), until: 'request' },
  {
    name: 'monzo transactions annotate',
    argv: cli('transactions', 'annotate', 'tx_1', 'a=b'),
    until: 'request',
  },
  {
    name: 'monzo transactions export',
    argv: ({ home }) => [BIN, 'transactions', 'export', '--out', join(home, 'history.csv')],
    until: 'request',
  },
  { name: 'monzo sync', argv: cli('sync'), until: 'request' },
  { name: 'monzo feed post', argv: cli('feed', 'post', '--title', 'hello'), until: 'request' },
  { name: 'monzo webhooks', argv: cli('webhooks', 'list'), until: 'request' },
  { name: 'monzo webhooks listen', argv: cli('webhooks', 'listen'), until: 'request' },
  { name: 'monzo logout', argv: cli('logout'), until: 'request' },
  { name: 'monzo login (until it prints the URL)', argv: cli('login', '--no-browser'), until: /https?:\/\// },
  { name: 'monzo mock (until it listens)', argv: cli('mock', '--port', '0', '--json'), until: /"url"/ },
  { name: 'monzo completion bash (until it exits)', argv: cli('completion', 'bash'), until: 'exit' },
];

export interface StartupResult {
  node: string;
  name: string;
  ms: number;
  aboveMs: number;
  ratio: number;
  /** For a command timed to its first request: its time less a bare fetch's, the CLI's own part. */
  aboveFetchMs?: number;
}

/** The API: records when each connection arrives, and closes it unanswered. */
async function startApi(): Promise<{ server: Server; url: string; next(): Promise<number> }> {
  let waiting: ((at: number) => void) | undefined;
  const server = createServer((socket) => {
    const at = performance.now();
    socket.destroy();
    waiting?.(at);
    waiting = undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    next: () => new Promise<number>((resolve) => (waiting = resolve)),
  };
}

/** A home with a stored login and XDG folders of its own, and the environment a run gets. */
async function prepareHome(apiUrl: string) {
  const home = await mkdtemp(join(tmpdir(), 'monzo-bench-startup-'));
  await new FileTokenStore(join(home, 'config', 'monzo', 'tokens.json')).set({
    access_token: 'bench-access-token',
    refresh_token: 'bench-refresh-token',
    expires_at: Date.now() + 24 * 3_600_000,
    user_id: 'user_bench',
    client_id: 'oauth2client_bench',
  });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    MONZO_API_URL: apiUrl,
    MONZO_AUTH_URL: apiUrl,
    MONZO_CLIENT_ID: 'oauth2client_bench',
    MONZO_CLIENT_SECRET: 'bench-client-secret',
    MONZO_REDIRECT_URI: `http://127.0.0.1:${await freePort()}/callback`,
    NO_COLOR: '1',
  };
  return { home, env };
}

/** One run of `c` under `node`: milliseconds from the spawn to the moment `c.until` names. */
async function runOnce(
  node: string,
  c: Case,
  env: Record<string, string>,
  home: string,
  api: Awaited<ReturnType<typeof startApi>>,
): Promise<number> {
  const request = c.until === 'request' ? api.next() : undefined;
  const started = performance.now();
  const child = spawn(node, c.argv({ home }), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let output = '';
  const matched = new Promise<number>((resolve) => {
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (c.until instanceof RegExp && c.until.test(output)) resolve(performance.now());
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    if (c.until === 'exit') {
      const code = await exited;
      if (code !== 0) throw new Error(`${c.name} exited ${code}: ${output}`);
      return performance.now() - started;
    }
    const failed = exited.then((code) => {
      throw new Error(`${c.name} exited ${code} before its first request: ${output}`);
    });
    const at = await Promise.race([request ?? matched, failed]);
    return at - started;
  } finally {
    clearTimeout(timeout);
    await stop(child, exited);
  }
}

async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited.catch(() => {});
}

/** Every case `RUNS` times under `node`, in turns (a slow moment weighs on all alike), after one warm-up turn. */
async function measure(node: string): Promise<StartupResult[]> {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const api = await startApi();
  const { home, env } = await prepareHome(api.url);
  try {
    const times = CASES.map(() => [] as number[]);
    for (let turn = 0; turn <= RUNS; turn++) {
      for (const [index, c] of CASES.entries()) {
        const ms = await runOnce(node, c, env, home, api);
        // The first turn fills the file system cache (and, where Node has one, the compile cache).
        if (turn > 0) times[index]?.push(ms);
      }
    }
    const baseline = median(times[0] ?? []);
    const bareFetch = median(times[1] ?? []);
    return CASES.map((c, index) => {
      const ms = median(times[index] ?? []);
      const row = { node: version, name: c.name, ms, aboveMs: ms - baseline, ratio: ms / baseline };
      return c.until === 'request' && index > 1 ? { ...row, aboveFetchMs: ms - bareFetch } : row;
    });
  } finally {
    api.server.close();
    await rm(home, { recursive: true, force: true });
  }
}

/** The table, and its figures for the JSON copy. */
export async function startupBenchmark(): Promise<StartupResult[]> {
  const nodes = FULL ? [process.execPath, nodeBinary(24)] : [process.execPath];
  const results: StartupResult[] = [];
  for (const node of nodes) results.push(...(await measure(node)));
  printTable(
    `CLI startup: the built monzo in fresh processes, wall time from spawn (median of ${RUNS} runs after a warm-up; a command: until its first request reaches the API; targets above a bare node -e 0: --version and --help ≤ ${RATIO_TARGET}×, a command ≤ ${ABOVE_TARGET_MS} ms${FULL ? '' : '; Node 24, with its compile cache, in --full'})`,
    ['node', 'run', 'time', 'above node -e 0', 'ratio', 'above a bare fetch', 'target'],
    results.map((row) => [
      row.node,
      row.name,
      `${row.ms.toFixed(1)} ms`,
      row.name.startsWith('baseline') ? '-' : `${row.aboveMs.toFixed(1)} ms`,
      `${row.ratio.toFixed(2)}×`,
      row.aboveFetchMs === undefined ? '-' : `${row.aboveFetchMs.toFixed(1)} ms`,
      target(row),
    ]),
  );
  return results;
}

function target(row: StartupResult): string {
  if (row.name.startsWith('baseline') || row.name.startsWith('reference')) return '-';
  if (row.name === 'monzo --version' || row.name === 'monzo --help')
    return row.ratio <= RATIO_TARGET ? `met (≤ ${RATIO_TARGET}×)` : `MISSED (≤ ${RATIO_TARGET}×)`;
  return row.aboveMs <= ABOVE_TARGET_MS
    ? `met (≤ +${ABOVE_TARGET_MS} ms)`
    : `MISSED (≤ +${ABOVE_TARGET_MS} ms)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await startupBenchmark();
