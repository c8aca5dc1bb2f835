import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundled } from '../../../../test/support/bundled.js';
import { commonRenderings } from '../../test/support/secrets.js';
import {
  ACCESS,
  CLIENT_ID,
  CLIENT_SECRET,
  clientFor,
  expiring,
  REFRESH,
  tokenServerForTest,
} from '../../test/support/token-server.js';
import { MonzoClient } from '../client.js';
import { MonzoTokenStoreError } from '../core/errors.js';
import { FileTokenStore } from './stores/file.js';
import { MemoryTokenStore } from './stores/memory.js';
import type { PreparedSave } from './stores/token-store.js';
import type { TokenSet } from './token-set.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A store whose next `failures` saves fail with an error that quotes the tokens, as a careless store might. */
class FlakyStore extends MemoryTokenStore {
  failures = 0;
  override async set(tokens: TokenSet): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error(`disk full while writing ${JSON.stringify(tokens)}`);
    }
    await super.set(tokens);
  }
}

describe('crash-safe rotation', () => {
  it('has the rotated refresh token in the store before the new access token is first sent', async () => {
    // A slow store (a disk, a network hop): a save that was merely started would lose the race to the request.
    const store = new (class extends MemoryTokenStore {
      override async set(tokens: TokenSet): Promise<void> {
        await new Promise((done) => setTimeout(done, 30));
        await super.set(tokens);
      }
    })(expiring());
    const seenAtFirstUse: Array<TokenSet | undefined> = [];
    const server = await tokenServerForTest({
      onData: async () => {
        seenAtFirstUse.push(await store.get());
        return undefined;
      },
    });
    await clientFor(server.url, store).whoami();
    const { access, refresh } = server.issued(1);
    expect(server.data[0]?.token).toBe(access);
    expect(seenAtFirstUse[0]).toMatchObject({ access_token: access, refresh_token: refresh });
  });

  it('fails the call whose refresh could not be saved with a MonzoTokenStoreError that says how to recover, without the tokens', async () => {
    const store = new FlakyStore(expiring());
    store.failures = 1;
    const server = await tokenServerForTest();
    const error = await clientFor(server.url, store)
      .whoami()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toMatch(/refreshed but could not be saved: disk full/);
    expect((error as Error).message).toMatch(/keeps the new tokens in memory.*log in again afterwards/);
    const { access, refresh } = server.issued(1);
    for (const text of commonRenderings(error)) {
      expect(text).not.toContain(access);
      expect(text).not.toContain(refresh);
    }
    expect(server.counts.refresh).toBe(1);
    expect(server.counts.data).toBe(0);
    expect(server.refused).toHaveLength(0);
    expect(await store.get()).toMatchObject({ access_token: ACCESS, refresh_token: REFRESH });
  });

  it('retries the save on the next call, then proceeds with the held tokens without spending another refresh', async () => {
    const store = new FlakyStore(expiring());
    store.failures = 1;
    const server = await tokenServerForTest();
    const monzo = clientFor(server.url, store);
    await expect(monzo.whoami()).rejects.toBeInstanceOf(MonzoTokenStoreError);

    await expect(monzo.whoami()).resolves.toMatchObject({ authenticated: true });
    const { access, refresh } = server.issued(1);
    expect(server.counts.refresh).toBe(1);
    expect(server.data.map((request) => request.token)).toEqual([access]);
    expect(await store.get()).toMatchObject({ access_token: access, refresh_token: refresh });
  });

  it('goes on with the new tokens while the store keeps failing, retrying the save on each call, and saves them once it can', async () => {
    const store = new FlakyStore(expiring());
    store.failures = 3;
    const server = await tokenServerForTest();
    const monzo = clientFor(server.url, store);
    await expect(monzo.whoami()).rejects.toBeInstanceOf(MonzoTokenStoreError);
    // The old refresh token is spent: holding the new tokens back would only make the login die sooner.
    await monzo.whoami();
    await monzo.whoami();
    expect(await store.get()).toMatchObject({ access_token: ACCESS }); // two retries failed
    await monzo.whoami();
    const { access, refresh } = server.issued(1);
    expect(server.counts.refresh).toBe(1);
    expect(server.data.map((request) => request.token)).toEqual([access, access, access]);
    expect(await store.get()).toMatchObject({ access_token: access, refresh_token: refresh });
  });

  it('with onTokensUnsaved, the call that refreshed goes on with the new tokens and the handler is told once', async () => {
    const store = new FlakyStore(expiring());
    store.failures = 5;
    const server = await tokenServerForTest();
    const told: MonzoTokenStoreError[] = [];
    const monzo = new MonzoClient({
      apiUrl: server.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      tokenStore: store,
      onTokensUnsaved: (error) => told.push(error),
    });
    await expect(monzo.whoami()).resolves.toMatchObject({ authenticated: true });
    await monzo.whoami();
    expect(told).toHaveLength(1);
    expect(told[0]).toBeInstanceOf(MonzoTokenStoreError);
    expect(told[0]?.message).toMatch(/could not be saved: disk full/);
    for (const text of commonRenderings(told[0])) expect(text).not.toContain(server.issued(1).refresh);
    expect(server.counts.refresh).toBe(1);
    expect(server.data.map((request) => request.token)).toEqual([
      server.issued(1).access,
      server.issued(1).access,
    ]);
  });

  it('refreshes held tokens that were never saved with their own refresh token, not the spent one in the store', async () => {
    const store = new FlakyStore(expiring());
    store.failures = 100;
    const server = await tokenServerForTest({ expiresIn: 1 }); // due for refresh as soon as issued
    const monzo = new MonzoClient({
      apiUrl: server.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      tokenStore: store,
      onTokensUnsaved: () => {},
    });
    await monzo.whoami();
    await monzo.whoami();
    expect(server.counts.refresh).toBe(2);
    expect(server.data.map((request) => request.token)).toEqual([
      server.issued(1).access,
      server.issued(2).access,
    ]);
    store.failures = 0;
    await monzo.whoami();
    expect(await store.get()).toMatchObject({ refresh_token: server.issued(3).refresh });
  });

  it('does not spend the refresh token when the store says beforehand it cannot take new tokens', async () => {
    const store = new (class extends MemoryTokenStore {
      async prepare(): Promise<PreparedSave> {
        throw new Error('EROFS: read-only file system');
      }
    })(expiring());
    const server = await tokenServerForTest();
    const error = await clientFor(server.url, store)
      .whoami()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toMatch(/cannot take new tokens: EROFS.*refresh token was not spent/);
    expect(server.counts.refresh).toBe(0);
    expect(server.counts.data).toBe(0);
    expect(await store.get()).toMatchObject({ access_token: ACCESS, refresh_token: REFRESH });
  });

  it('saves through what the store prepared, and discards it when the refresh fails', async () => {
    const events: string[] = [];
    const store = new (class extends MemoryTokenStore {
      async prepare(): Promise<PreparedSave> {
        events.push('prepare');
        return {
          save: async (tokens) => {
            events.push('save');
            await this.set(tokens);
          },
          discard: async () => {
            events.push('discard');
          },
        };
      }
    })(expiring());
    const server = await tokenServerForTest();
    await clientFor(server.url, store).whoami();
    expect(events).toEqual(['prepare', 'save']);
    expect(await store.get()).toMatchObject({ refresh_token: server.issued(1).refresh });

    events.length = 0;
    await store.set({ ...expiring(), refresh_token: 'spent-or-unknown-refresh-token' });
    await expect(clientFor(server.url, store).whoami()).rejects.toThrow();
    expect(events).toEqual(['prepare', 'discard']);
  });

  it('leaves the new refresh token in the token file when the process is killed as the new token is used', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'monzo-ts-crash-'));
    try {
      const file = join(dir, 'tokens.json');
      await new FileTokenStore(file).set(expiring());
      let child: ReturnType<typeof spawn> | undefined;
      const server = await tokenServerForTest({
        onData: (request) => {
          if (request.token === server.issued(1).access) child?.kill('SIGKILL');
          return true; // Never answered: the process dies first.
        },
      });
      child = spawn(process.execPath, [bundled('refresh-child'), server.url, file], {
        cwd: resolve(HERE, '../../../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr?.on('data', (chunk) => {
        output += chunk;
      });
      const signal = await new Promise((done) => child?.on('exit', (_code, killed) => done(killed)));

      expect(signal, output).toBe('SIGKILL');
      expect(output).not.toContain('completed');
      expect(server.counts.refresh).toBe(1);
      expect(server.data.map((request) => request.token)).toEqual([server.issued(1).access]);
      const saved = JSON.parse(await readFile(file, 'utf8')) as TokenSet;
      expect(saved.refresh_token).toBe(server.issued(1).refresh);
      expect(saved.access_token).toBe(server.issued(1).access);
      expect(await readdir(dir)).toEqual(['tokens.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
