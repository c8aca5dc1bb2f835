import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const STALE_MS = 10 * 60_000;
const POLL_MS = 100;

/**
 * Runs `work` while holding a lock folder at `path`, so that test files running in parallel forks do not build
 * or install the same thing at once (one would delete what the other is reading). Synchronous, like the
 * `execFileSync` work it guards. A lock left by a killed run is taken over once it is 10 minutes old.
 */
export function withLock<T>(path: string, work: () => T): T {
  while (!tryToTake(path)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
  try {
    return work();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

/** `withLock` for asynchronous work: waits for the lock without blocking the thread, so other work goes on. */
export async function withLockAsync<T>(path: string, work: () => Promise<T>): Promise<T> {
  while (!tryToTake(path)) await new Promise((wait) => setTimeout(wait, POLL_MS));
  try {
    return await work();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

/** Takes the lock folder if it is free; removes it (for the next try) when its holder left it stale. */
function tryToTake(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  try {
    mkdirSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (ageOf(path) > STALE_MS) rmSync(path, { recursive: true, force: true });
    return false;
  }
}

function ageOf(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
