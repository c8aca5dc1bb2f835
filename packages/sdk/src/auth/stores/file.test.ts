import { chmod, link, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MonzoTokenStoreError } from '../../core/errors.js';
import type { TokenSet } from '../token-set.js';
import { FileTokenStore } from './file.js';

const tokens: TokenSet = {
  access_token: 'access-token-value-0123456789',
  refresh_token: 'refresh-token-value-0123456789',
  expires_at: 1_800_000_000_000,
  token_type: 'Bearer',
  user_id: 'user_1',
  client_id: 'client_1',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-ts-file-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileTokenStore', () => {
  it('returns undefined when the file does not exist', async () => {
    expect(await new FileTokenStore(join(dir, 'absent.json')).get()).toBeUndefined();
  });

  it('reads back what it saved', async () => {
    const store = new FileTokenStore(join(dir, 'tokens.json'));
    await store.set(tokens);
    expect(await store.get()).toEqual(tokens);
    expect(await new FileTokenStore(join(dir, 'tokens.json')).get()).toEqual(tokens);
  });

  it('writes the file readable by its owner only (mode 0600)', async () => {
    const path = join(dir, 'tokens.json');
    await new FileTokenStore(path).set(tokens);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('replaces a pre-existing file by rename: the old inode keeps the old tokens whole, the path gets 0600', async () => {
    const path = join(dir, 'tokens.json');
    const old = `${JSON.stringify({ access_token: 'old-access', refresh_token: 'old-refresh' })}\n`;
    await writeFile(path, old, { mode: 0o644 });
    await chmod(path, 0o644);
    // A hard link sees the old inode: rewriting in place would change what it reads, a rename would not.
    await link(path, join(dir, 'old-inode'));
    await new FileTokenStore(path).set(tokens);
    expect(await readFile(join(dir, 'old-inode'), 'utf8')).toBe(old);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(tokens);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(path)).ino).not.toBe((await stat(join(dir, 'old-inode'))).ino);
  });

  it('leaves no temporary file behind, even after many saves at once', async () => {
    const store = new FileTokenStore(join(dir, 'tokens.json'));
    await Promise.all(
      Array.from({ length: 50 }, (_, index) => store.set({ ...tokens, access_token: `access-${index}` })),
    );
    expect(await readdir(dir)).toEqual(['tokens.json']);
    expect((await store.get())?.access_token).toMatch(/^access-\d+$/);
  });

  it('creates missing parent directories', async () => {
    const path = join(dir, 'a', 'b', 'c', 'tokens.json');
    await new FileTokenStore(path).set(tokens);
    expect(await new FileTokenStore(path).get()).toEqual(tokens);
  });

  it.each([
    ['text that is not JSON', '{"access_token": "tok-in-a-broken-file'],
    ['JSON that is not tokens', '{"refresh_token": 42}'],
    ['an empty file', ''],
    ['null', 'null'],
  ])('throws MonzoTokenStoreError for %s, without quoting the content', async (_, content) => {
    const path = join(dir, 'tokens.json');
    await writeFile(path, content);
    const error = await new FileTokenStore(path).get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain('tok-in-a-broken-file');
  });

  it('throws MonzoTokenStoreError when the path cannot be read (a directory)', async () => {
    await expect(new FileTokenStore(dir).get()).rejects.toBeInstanceOf(MonzoTokenStoreError);
  });

  it('throws MonzoTokenStoreError without the tokens when it cannot save, and cleans up its temp file', async () => {
    const target = join(dir, 'is-a-directory');
    await mkdir(join(target, 'child'), { recursive: true });
    const error = await new FileTokenStore(target).set(tokens).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).not.toContain(tokens.refresh_token);
    expect((error as Error).message).not.toContain(tokens.access_token);
    expect((await readdir(dir)).sort()).toEqual(['is-a-directory']);
  });

  it('clear removes the file, and is harmless when there is none', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await store.set(tokens);
    await store.clear();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.get()).toBeUndefined();
    await expect(store.clear()).resolves.toBeUndefined();
  });
});
