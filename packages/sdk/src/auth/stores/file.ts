import { MonzoTokenStoreError } from '../../core/errors.js';
import { isTokenSet, type TokenSet } from '../token-set.js';
import type { TokenStore } from './token-store.js';

/**
 * Keeps tokens in a JSON file readable by its owner only (mode 0600). Each save writes a temporary file and
 * renames it over the old one, so a crash leaves either the old tokens or the new, never half a file.
 *
 * @example new MonzoClient({ clientId, clientSecret, tokenStore: new FileTokenStore('.monzo-tokens.json') })
 */
export class FileTokenStore implements TokenStore {
  constructor(readonly path: string) {}

  async get(): Promise<TokenSet | undefined> {
    const fs = await import('node:fs/promises');
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
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
    return parsed;
  }

  async set(tokens: TokenSet): Promise<void> {
    const fs = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    const temp = `${this.path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const handle = await fs.open(temp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(tokens, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.path);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => {});
      throw new MonzoTokenStoreError(`Cannot save tokens to ${this.path}: ${(error as Error).message}`);
    }
  }

  async clear(): Promise<void> {
    const fs = await import('node:fs/promises');
    await fs.rm(this.path, { force: true });
  }
}
