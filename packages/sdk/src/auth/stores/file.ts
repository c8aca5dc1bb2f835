import { MonzoTokenStoreError } from '../../core/errors.js';
import { isTokenSet, type TokenSet, withMaskedInspect } from '../token-set.js';
import { FileLock, type FileLockOptions, lockTimings } from './file-lock.js';
import { assertPrivate, cannotWrite, resolveTarget } from './file-target.js';
import { prepareWrite, removeStaleTemps } from './file-write.js';
import type { PreparedSave, TokenStore } from './token-store.js';

/** How a `FileTokenStore` shares its file with other processes. */
export interface FileTokenStoreOptions {
  /** The refresh lock `<file>.lock`: its expiry (renewed while held) and how long to wait for it. */
  lock?: FileLockOptions;
}

/**
 * Keeps tokens in a JSON file readable by its owner only (mode 0600), and refuses one that others can read. Each
 * save writes a temporary file beside it and renames it over the old one, so a crash leaves either the old tokens
 * or the new, never half a file; a symbolic link is written through, to its target. Processes sharing the file
 * refresh one at a time, under the lock file `<file>.lock`, and the space for the new tokens is claimed before
 * the refresh token is spent.
 *
 * @example new MonzoClient({ clientId, clientSecret, tokenStore: new FileTokenStore('.monzo-tokens.json') })
 */
export class FileTokenStore implements TokenStore {
  readonly #lock: Required<FileLockOptions>;

  constructor(
    readonly path: string,
    options: FileTokenStoreOptions = {},
  ) {
    this.#lock = lockTimings(options.lock ?? {});
  }

  /** The saved tokens, or `undefined` when the file does not exist. */
  async get(): Promise<TokenSet | undefined> {
    const fs = await import('node:fs/promises');
    const target = await this.target(fs);
    let text: string;
    try {
      const handle = await fs.open(target, 'r');
      try {
        // The mode of the file that is read, not of a path that may have been replaced since.
        const stats = await handle.stat();
        if (stats.isFile()) assertPrivate(target, this.path, stats.mode);
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (error instanceof MonzoTokenStoreError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new MonzoTokenStoreError(`Cannot read the token file ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isTokenSet(parsed)) {
      throw new MonzoTokenStoreError(
        `The token file ${this.path} does not hold tokens; delete it and log in again.`,
      );
    }
    return withMaskedInspect(parsed);
  }

  /** Saves tokens: a temporary file beside the target, renamed over it. */
  async set(tokens: TokenSet): Promise<void> {
    const prepared = await this.prepare();
    try {
      await prepared.save(tokens);
    } catch (error) {
      throw await this.saveError(error);
    }
  }

  /**
   * Claims the temporary file and its space before a refresh: a folder that cannot be written or a full disk
   * fails here, before the refresh token is spent.
   */
  async prepare(): Promise<PreparedSave> {
    const fs = await import('node:fs/promises');
    try {
      const target = await this.target(fs);
      await removeStaleTemps(fs, target);
      const prepared = await prepareWrite(fs, target);
      return {
        save: async (tokens) => {
          try {
            await prepared.save(tokens);
          } catch (error) {
            throw await this.saveError(error);
          }
        },
        discard: () => prepared.discard(),
      };
    } catch (error) {
      if (error instanceof MonzoTokenStoreError) throw error;
      throw await cannotWrite('write the token file', this.path, error);
    }
  }

  /** Removes the file (the target of a link, which would otherwise keep the revoked tokens). */
  async clear(): Promise<void> {
    const fs = await import('node:fs/promises');
    await fs.rm(await this.target(fs), { force: true });
  }

  /** Runs `fn` holding the lock file `<file>.lock`, shared by every process that uses the same file. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const fs = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    const target = await this.target(fs);
    try {
      await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw await cannotWrite('create the folder of', this.path, error);
    }
    return new FileLock(`${target}.lock`, this.#lock).run(fn);
  }

  private async target(fs: typeof import('node:fs/promises')): Promise<string> {
    try {
      return await resolveTarget(fs, this.path);
    } catch (error) {
      if (error instanceof MonzoTokenStoreError) throw error;
      throw new MonzoTokenStoreError(
        `Cannot resolve the token file ${this.path}: ${(error as Error).message}`,
      );
    }
  }

  private async saveError(error: unknown): Promise<MonzoTokenStoreError> {
    if (error instanceof MonzoTokenStoreError) return error;
    return cannotWrite('save tokens to', this.path, error);
  }
}
