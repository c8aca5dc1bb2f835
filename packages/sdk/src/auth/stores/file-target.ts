import { MonzoTokenStoreError } from '../../core/errors.js';

type Fs = typeof import('node:fs/promises');

/** How many links deep a token file may be reached, as the kernel's own limit. */
const MAX_LINKS = 40;

/**
 * The file that a token file path really names: the target of a symbolic link (followed to the end, even when
 * the last target does not exist yet), so that a save replaces the target and not the link. A save that renamed
 * over the link would leave the spent refresh token at the target for whoever reads it there.
 */
export async function resolveTarget(fs: Fs, path: string): Promise<string> {
  const { dirname, resolve } = await import('node:path');
  let current = resolve(path);
  for (let depth = 0; depth <= MAX_LINKS; depth++) {
    try {
      return await fs.realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch {
      return current; // Not a link (absent, or its folder is): the save creates it here.
    }
    current = resolve(dirname(current), link);
  }
  throw new MonzoTokenStoreError(`The token file ${path} is a chain of more than ${MAX_LINKS} links`);
}

/**
 * Refuses a token file that users other than its owner can read (or write): its refresh token may already have
 * been copied, so only the person can decide between tightening the mode and logging in again. Not checked on
 * Windows, where the mode bits mean nothing.
 */
export function assertPrivate(path: string, shownAs: string, mode: number): void {
  if (process.platform === 'win32' || (mode & 0o077) === 0) return;
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  const via = path === shownAs ? '' : ` (the target of ${shownAs})`;
  throw new MonzoTokenStoreError(
    `The token file ${path}${via} is open to other users (mode ${octal}), so it is not used: ` +
      `run \`chmod 600 ${quoteForShell(path)}\`, and if anyone else may have read it, log in again to ` +
      'replace the tokens it holds.',
  );
}

/** A path as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
export function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/** Why a write near `path` failed, and what the person can do about it; never the file's content. */
export async function cannotWrite(what: string, path: string, error: unknown): Promise<MonzoTokenStoreError> {
  const { dirname } = await import('node:path');
  const code = (error as NodeJS.ErrnoException).code;
  const folder = dirname(path);
  const advice =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `free some space on the disk of ${folder}`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? `make the folder ${folder} writable by this user`
        : `check the folder ${folder}`;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new MonzoTokenStoreError(
    `Cannot ${what} ${path} (${reason}): ${advice}, or set another token file.`,
  );
}
