import { MonzoTokenStoreError } from '../../core/errors.js';
import { cannotWrite } from './file-target.js';
import { isRunning } from './file-write.js';

/** How long a lock lives unless renewed: what a crashed holder can make the others wait, at most. */
export const DEFAULT_FILE_LOCK_TTL_MS = 10_000;
/** How long a process waits for a lock held by another before it gives up. */
export const DEFAULT_FILE_LOCK_WAIT_MS = 30_000;

/** The refresh lock's timing, for a `FileTokenStore` shared by several processes. */
export interface FileLockOptions {
  /** The lock's expiry, renewed every third of it while its holder runs. Default 10 000. */
  ttlMs?: number;
  /** How long to wait for the lock before failing. Default 30 000. */
  waitMs?: number;
}

/** The lock's timing with its defaults filled in; a `MonzoTokenStoreError` for a value that makes no sense. */
export function lockTimings(options: FileLockOptions): Required<FileLockOptions> {
  const ttlMs = options.ttlMs ?? DEFAULT_FILE_LOCK_TTL_MS;
  const waitMs = options.waitMs ?? DEFAULT_FILE_LOCK_WAIT_MS;
  if (!Number.isInteger(ttlMs) || ttlMs < 100)
    throw new MonzoTokenStoreError('FileTokenStore: lock ttlMs must be a whole number ≥ 100');
  if (!Number.isInteger(waitMs) || waitMs < 0)
    throw new MonzoTokenStoreError('FileTokenStore: lock waitMs must be a whole number ≥ 0');
  return { ttlMs, waitMs };
}

/** What the lock file holds: who took it, and for how long from its last renewal (the file's mtime). */
interface LockRecord {
  owner: string;
  pid: number;
  host: string;
  ttl_ms: number;
}

type Fs = typeof import('node:fs/promises');

/**
 * A lock file shared by every process that uses the same token file, with the discipline of the Redis lock:
 * an `O_EXCL` create of `<file>.lock` holding a random owner, an expiry (the file's mtime plus its ttl, pushed
 * forward while the holder runs), takeover once it has expired or its process is dead, and a release that only
 * ever removes the holder's own lock.
 */
export class FileLock {
  readonly ttlMs: number;
  readonly waitMs: number;

  constructor(
    readonly path: string,
    options: FileLockOptions = {},
  ) {
    ({ ttlMs: this.ttlMs, waitMs: this.waitMs } = lockTimings(options));
  }

  /** Runs `fn` holding the lock; releases it after, whatever `fn` did. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const fs = await import('node:fs/promises');
    const owner = globalThis.crypto.randomUUID();
    await this.acquire(fs, owner);
    const renewal = setInterval(
      () => {
        // A failed renewal is not fatal: the lock then expires, and the release below checks the owner.
        this.renew(fs, owner).catch(() => {});
      },
      Math.floor(this.ttlMs / 3),
    );
    renewal.unref?.();
    try {
      return await fn();
    } finally {
      clearInterval(renewal);
      // A lock that cannot be removed now expires by itself within its ttl; `fn`'s outcome stands.
      await removeIfOwned(fs, this.path, (record) => record?.owner === owner).catch(() => false);
    }
  }

  private async acquire(fs: Fs, owner: string): Promise<void> {
    const { hostname } = await import('node:os');
    const record: LockRecord = { owner, pid: process.pid, host: hostname(), ttl_ms: this.ttlMs };
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (await this.tryCreate(fs, record)) return;
      const held = await readLock(fs, this.path);
      // Only the process that moves this very lock aside removes it; the others find the new one. A lock that
      // cannot be read (released since) or moved is waited for like a live one, so this loop ends within waitMs.
      const moved =
        held !== undefined &&
        isStale(held, this.ttlMs, record.host) &&
        (await removeIfOwned(fs, this.path, (now) => sameLock(now, held.record)).catch(() => false));
      if (moved) continue;
      // Short polls at first (the holder is usually quick), then up to 250 ms; jittered so waiters spread out.
      const delay = Math.min(20 * 2 ** Math.min(attempt, 8), 250) * (0.5 + Math.random());
      if (Date.now() - started + delay > this.waitMs) {
        throw new MonzoTokenStoreError(
          `Gave up waiting for the lock ${this.path} after ${this.waitMs} ms: another process holds it ` +
            `(a holder that died frees it within ${held?.record?.ttl_ms ?? this.ttlMs} ms). Retry, or delete ` +
            'the lock file if no process is using the token file.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Creates the lock file with `O_EXCL`; false when it exists. */
  private async tryCreate(fs: Fs, record: LockRecord): Promise<boolean> {
    let handle: Awaited<ReturnType<Fs['open']>>;
    try {
      handle = await fs.open(this.path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new MonzoTokenStoreError(`Cannot create the lock file ${this.path}: ${(error as Error).message}`);
    }
    try {
      await handle.writeFile(JSON.stringify(record), 'utf8');
    } catch (error) {
      await handle.close().catch(() => {});
      await fs.rm(this.path, { force: true }).catch(() => {});
      throw await cannotWrite('write the lock file', this.path, error);
    }
    await handle.close();
    return true;
  }

  /** Pushes the expiry forward, if the lock is still this holder's. */
  private async renew(fs: Fs, owner: string): Promise<void> {
    const held = await readLock(fs, this.path);
    if (held?.record?.owner !== owner) return;
    const now = new Date();
    await fs.utimes(this.path, now, now);
  }
}

interface HeldLock {
  /** Undefined while its creator has not written it yet (or it was cut short by a crash). */
  record: LockRecord | undefined;
  mtimeMs: number;
}

async function readLock(fs: Fs, path: string): Promise<HeldLock | undefined> {
  try {
    const [text, stats] = await Promise.all([fs.readFile(path, 'utf8'), fs.stat(path)]);
    return { record: parseRecord(text), mtimeMs: stats.mtimeMs };
  } catch {
    return undefined; // Gone since: the next create decides.
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.owner === 'string' && typeof value.pid === 'number' && typeof value.ttl_ms === 'number')
      return { owner: value.owner, pid: value.pid, host: String(value.host), ttl_ms: value.ttl_ms };
  } catch {}
  return undefined;
}

/** Expired (past its last renewal plus its ttl), or held by a process of this machine that no longer runs. */
function isStale(held: HeldLock, ttlMs: number, host: string): boolean {
  const ttl = held.record?.ttl_ms ?? ttlMs;
  if (Date.now() > held.mtimeMs + ttl) return true;
  return held.record !== undefined && held.record.host === host && !isRunning(held.record.pid);
}

function sameLock(now: LockRecord | undefined, then: LockRecord | undefined): boolean {
  return now === undefined ? then === undefined : now.owner === then?.owner;
}

/**
 * Removes the lock at `path` only if `isOurs` says so of what it holds; true when it moved one aside. The check and the removal cannot be one
 * step on a file system, so the lock is first moved aside under a unique name (only one process can move a given
 * lock), checked there, and put back with `link` (which never replaces a newer lock) if it was not the one meant.
 */
async function removeIfOwned(
  fs: Fs,
  path: string,
  isOurs: (record: LockRecord | undefined) => boolean,
): Promise<boolean> {
  const aside = `${path}.${process.pid}.${globalThis.crypto.randomUUID()}.released`;
  try {
    await fs.rename(path, aside);
  } catch {
    return false; // Gone already, or cannot be moved.
  }
  let text = '';
  try {
    text = await fs.readFile(aside, 'utf8');
  } catch {}
  if (!isOurs(parseRecord(text))) await fs.link(aside, path).catch(() => {});
  await fs.rm(aside, { force: true });
  return true;
}
