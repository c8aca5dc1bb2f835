import type { TokenSet } from '../token-set.js';
import type { PreparedSave } from './token-store.js';

type Fs = typeof import('node:fs/promises');
type Handle = Awaited<ReturnType<Fs['open']>>;

/**
 * Bytes claimed on disk before a refresh: far more than a token file needs (about 1 KB), so that writing the new
 * tokens over them later needs no new space on a disk that filled up in between.
 */
export const RESERVED_BYTES = 16 * 1024;
/** Age past which a dead process's temporary file is removed: far longer than any refresh takes. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Opens the temporary file that will become `target` and claims its space now, before anything is spent: a
 * folder that cannot be written or a full disk fail here. `save` then writes the tokens over the claimed space,
 * trims it, and renames the file over `target`, so a crash leaves either the old tokens or the new, whole.
 */
export async function prepareWrite(fs: Fs, target: string): Promise<PreparedSave> {
  const { dirname } = await import('node:path');
  await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const temp = tempPath(target);
  let handle: Handle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o600);
    await handle.write(Buffer.alloc(RESERVED_BYTES, 0x20), 0, RESERVED_BYTES, 0);
    await handle.sync();
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  const open = handle;
  let done = false;
  const discard = async (): Promise<void> => {
    if (done) return;
    done = true;
    await open.close().catch(() => {});
    await fs.rm(temp, { force: true }).catch(() => {});
  };
  return {
    save: async (tokens: TokenSet) => {
      if (done) throw new Error('this prepared save was already used');
      try {
        const bytes = Buffer.from(`${JSON.stringify(tokens, null, 2)}\n`, 'utf8');
        await open.write(bytes, 0, bytes.length, 0);
        await open.truncate(bytes.length);
        await open.sync();
        done = true;
        await open.close();
        await fs.rename(temp, target);
      } catch (error) {
        done = false;
        await discard();
        throw error;
      }
    },
    discard,
  };
}

/** A temporary name beside `target`, unique to this process and save, and recognisable by `isOwnTemp`. */
function tempPath(target: string): string {
  const unique = `${Date.now()}.${Math.random().toString(36).slice(2)}`;
  return `${target}.${process.pid}.${unique}.tmp`;
}

/**
 * Removes the temporary files of `target` left by processes of this machine that are gone (killed between
 * claiming the space and renaming it): each would otherwise keep its claimed space for ever. Best effort.
 */
export async function removeStaleTemps(fs: Fs, target: string): Promise<void> {
  const { basename, dirname, join } = await import('node:path');
  const folder = dirname(target);
  const prefix = `${basename(target)}.`;
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)\.\d+\.[a-z0-9]+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    const path = join(folder, name);
    // A pid is only known dead on this machine: on a shared folder, the age guards another machine's save.
    const age = await fs.stat(path).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    if (age > STALE_TEMP_MS) await fs.rm(path, { force: true }).catch(() => {});
  }
}

/** True unless `pid` is known not to run on this machine (EPERM: it runs, as another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
