import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { bundled } from '../../../test/support/bundled.js';

export interface WorkerResult {
  ok: number;
  failures: string[];
}

/** A worker process (worker.ts) and the lines it prints, one at a time. */
export interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next line the worker prints on stdout; rejects if it exits first. */
  nextLine(): Promise<string>;
  /** Sends `go`, then resolves with the worker's JSON result line and the time it arrived. */
  run(): Promise<WorkerResult & { at: number }>;
}

/**
 * Starts worker.ts in a Node process of its own, bundled from the packages' source for this run (see
 * test/support/bundles.ts). `env` names the Redis server, the emulator and what to do (see worker.ts).
 */
export function spawnWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, [bundled('redis-worker')], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`the worker exited (${code ?? signal}) before printing: ${stderr.slice(-2000)}`)),
    ),
  );
  exited.catch(() => {});
  const nextLine = async () => {
    const next = await Promise.race([lines.next(), exited]);
    if (next.done) return Promise.race([exited, Promise.reject(new Error('stdout closed'))]);
    return next.value;
  };
  return {
    child,
    nextLine,
    run: async () => {
      child.stdin.write('go\n');
      const result = JSON.parse(await nextLine()) as WorkerResult;
      return { ...result, at: Date.now() };
    },
  };
}
