/**
 * A seam in `node:fs/promises` for the token store's writes, where the real failure cannot be made on demand
 * (a full disk needs a tiny file system mounted; root writes through any mode). Use in a test file:
 *
 *   const faults = vi.hoisted(() => ({}) as TokenFileFaults);
 *   vi.mock('node:fs/promises', async (original) => {
 *     const { faultyFs } = await import('…/fs-faults.js'); // imported here: vi.mock runs before imports
 *     return faultyFs(await original(), faults);
 *   });
 *
 * then set `faults.open` (creating a token store's temporary file), `faults.write` (writing into it) or
 * `faults.rename` (renaming it over the token file) to an errno code such as 'ENOSPC' or 'EACCES'.
 */
export interface TokenFileFaults {
  open?: string | undefined;
  write?: string | undefined;
  rename?: string | undefined;
}

type Fs = typeof import('node:fs/promises');

const MESSAGES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  EIO: 'i/o error',
};

function failure(code: string, call: string, path: unknown): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${MESSAGES[code] ?? 'failed'}, ${call} '${path}'`);
  error.code = code;
  return error;
}

const isTemp = (path: unknown) => String(path).endsWith('.tmp');

/** `real` with the token store's temporary-file calls failing as `faults` say, at the time of each call. */
export function faultyFs(real: Fs, faults: TokenFileFaults): Fs {
  const open: Fs['open'] = async (...args) => {
    if (faults.open && isTemp(args[0])) throw failure(faults.open, 'open', args[0]);
    const handle = await real.open(...args);
    if (!isTemp(args[0])) return handle;
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'write' && faults.write) {
          const code = faults.write;
          return async () => {
            throw failure(code, 'write', args[0]);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  const rename: Fs['rename'] = async (from, to) => {
    if (faults.rename && isTemp(from)) throw failure(faults.rename, 'rename', from);
    return real.rename(from, to);
  };
  return { ...real, default: { ...real, open, rename }, open, rename } as Fs;
}
