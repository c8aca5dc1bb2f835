import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Temporary files of `--out` exports. `kill -9` (or a power cut) gives no chance to remove them, so their
 * names say who wrote them: the next export to the same target removes those whose writer is gone, and
 * never one that a live export is still writing.
 */

/** Past this age a temporary file is stale whoever wrote it: its pid may be another process's by now. */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** This machine, in a temporary file's name: a pid only means something on the machine that wrote it. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** A new temporary name beside `target`: `.history.csv.<host>-<pid>.<random>.tmp`. */
export function tempPath(target: string): string {
  const name = `.${basename(target)}.${HOST}-${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  return join(dirname(target), name);
}

export interface StaleOptions {
  /** Whether a process runs on this machine (injectable for tests). */
  isAlive?: (pid: number) => boolean;
  now?: number;
}

/**
 * Removes the temporary files that earlier exports to `target` left behind: those written on this machine by
 * a process that has exited, and any older than a day (including those named before names had a pid). Other
 * targets' files and a live writer's file are left alone. Returns the names removed; never throws, as a file
 * it cannot remove must not stop the export.
 */
export async function removeStaleTemps(target: string, options: StaleOptions = {}): Promise<string[]> {
  const isAlive = options.isAlive ?? processIsAlive;
  const now = options.now ?? Date.now();
  const directory = dirname(target);
  const names = await readdir(directory).catch(() => [] as string[]);
  const prefix = `.${basename(target)}.`;
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const writer = writerOf(name.slice(prefix.length));
    if (!writer) continue;
    const path = join(directory, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const old = now - info.mtimeMs > STALE_AFTER_MS;
    const dead = writer.host === HOST && writer.pid !== undefined && !isAlive(writer.pid);
    if (!old && !dead) continue;
    try {
      await rm(path);
      removed.push(name);
    } catch {
      // Someone else's file, or gone already: not this export's business.
    }
  }
  return removed;
}

/** Who wrote a temporary file, from what follows `.<target>.` in its name; undefined if not one of ours. */
function writerOf(rest: string): { host?: string; pid?: number } | undefined {
  const named = /^([0-9a-f]{8})-(\d{1,10})\.[0-9a-f]{12}\.tmp$/.exec(rest);
  if (named) return { host: named[1] as string, pid: Number(named[2]) };
  // Named before the writer was: only its age can tell.
  return /^[0-9a-f]{12}\.tmp$/.test(rest) ? {} : undefined;
}

/** Signal 0 checks without signalling; EPERM means alive but someone else's. */
function processIsAlive(pid: number): boolean {
  // 0 and below name process groups, not a process.
  if (!(pid > 0)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
