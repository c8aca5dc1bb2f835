/**
 * What the examples' tests share: each example runs as its own process, with tsx, as a user would run it, against
 * an emulator on loopback, with a HOME of its own.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MockServer } from '@monzo-ts/mock';
import { FileTokenStore, type TokenSet } from 'monzo-ts';

const EXAMPLES = dirname(fileURLToPath(import.meta.url));
// By its path: the examples run in a temporary HOME, where no node_modules holds tsx.
const TSX = pathToFileURL(join(EXAMPLES, '../node_modules/tsx/dist/loader.mjs')).href;

/** What a finished run printed, and how it exited. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A free port on loopback, for an app whose callback URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** A temporary HOME for one test file; `remove` deletes it. */
export async function temporaryHome(): Promise<{ home: string; remove: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'monzo-example-'));
  return { home, remove: () => rm(home, { recursive: true, force: true }) };
}

/** The environment that points an example at the emulator: nothing of this machine's leaks in. */
export function emulatorEnv(mock: MockServer, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    MONZO_CLIENT_ID: mock.clientId,
    MONZO_CLIENT_SECRET: mock.clientSecret,
    MONZO_API_URL: mock.url,
    MONZO_AUTH_URL: mock.url,
  };
}

/** Saves a login where the `monzo` CLI keeps it, which is where the jobs read it by default. */
export async function saveCliLogin(home: string, tokens: TokenSet): Promise<void> {
  const folder = join(home, '.config/monzo');
  await mkdir(folder, { recursive: true });
  await new FileTokenStore(join(folder, 'tokens.json')).set(tokens);
}

/** Starts an example; `examples/tsconfig.json` maps the package names to the workspace's source. */
export function startExample(
  script: string,
  args: string[],
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', TSX, join(EXAMPLES, script), ...args], {
    cwd: env.HOME,
    env: { ...env, TSX_TSCONFIG_PATH: join(EXAMPLES, 'tsconfig.json'), NO_COLOR: '1' },
  });
}

/** Runs an example to its end. */
export function runExample(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  const child = startExample(script, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

/** Resolves with everything printed so far once stdout matches `pattern`; rejects if the process ends first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  let stdout = '';
  let stderr = '';
  return new Promise((done, fail) => {
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (pattern.test(stdout)) done(stdout);
    });
    child.on('close', (code) => fail(new Error(`exited with ${code} before ${pattern}: ${stdout}${stderr}`)));
  });
}

/** Stops a long-running example and waits until it has exited. */
export async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const closed = new Promise<number | null>((done) => child.on('close', done));
  child.kill('SIGTERM');
  return closed;
}
