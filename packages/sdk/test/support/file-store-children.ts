import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { bundled } from '../../../../test/support/bundled.js';
import type { CallOutcome } from './file-store-child.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A file-store-child.ts process and the lines it prints, one at a time. */
export interface StoreChild {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next line the child prints on stdout; rejects if it exits first. */
  nextLine(): Promise<string>;
  /** Sends `go` (rounds mode), then resolves with the outcome of the call. */
  call(): Promise<CallOutcome>;
  /** Resolves with the exit code once the child has ended. */
  exit: Promise<number | null>;
  /** What it printed on stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
}

export interface StoreChildOptions {
  mode: 'once' | 'rounds' | 'hold';
  apiUrl?: string;
  clientId?: string;
  clientSecret?: string;
  tokenFile: string;
  lockTtlMs?: number;
  /** Runs the child as this user and group id (e.g. to be refused writes that root would be allowed). */
  asUser?: number;
}

/**
 * Starts file-store-child.ts (bundled for this run, see test/support/bundles.ts) in a Node process of its own,
 * killed when the running test ends.
 */
export function spawnStoreChild(options: StoreChildOptions): StoreChild {
  const node = [process.execPath, bundled('file-store-child')];
  const [command, ...args] =
    options.asUser === undefined
      ? node
      : ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', ...node];
  const child = spawn(command as string, args, {
    cwd: resolve(HERE, '../../../..'),
    env: {
      PATH: process.env.PATH ?? '',
      CHILD_MODE: options.mode,
      MONZO_API_URL: options.apiUrl ?? '',
      MONZO_CLIENT_ID: options.clientId ?? '',
      MONZO_CLIENT_SECRET: options.clientSecret ?? '',
      TOKEN_FILE: options.tokenFile,
      LOCK_TTL_MS: String(options.lockTtlMs ?? 10_000),
    },
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = exit.then(() => {
    throw new Error(`the child exited before printing: ${stderr.slice(-2000)}`);
  });
  exited.catch(() => {});
  const nextLine = async () => {
    const next = await Promise.race([lines.next(), exited]);
    if (next.done) return exited;
    return next.value as string;
  };
  return {
    child,
    nextLine,
    exit,
    stdout: () => stdout,
    stderr: () => stderr,
    call: async () => {
      child.stdin.write('go\n');
      return JSON.parse(await nextLine()) as CallOutcome;
    },
  };
}
