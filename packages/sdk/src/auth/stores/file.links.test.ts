import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commonRenderings } from '../../../test/support/secrets.js';
import { clientFor, expiring, tokenServerForTest } from '../../../test/support/token-server.js';
import { MonzoTokenStoreError } from '../../core/errors.js';
import type { TokenSet } from '../token-set.js';
import { FileTokenStore } from './file.js';

const tokens: TokenSet = {
  access_token: 'access-token-value-0123456789',
  refresh_token: 'refresh-token-value-0123456789',
  expires_at: 1_800_000_000_000,
};
const json = (value: TokenSet) => `${JSON.stringify(value, null, 2)}\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-ts-file-links-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('FileTokenStore and a token file open to other users', () => {
  it.each(['0644', '0640', '0604', '0660', '0666'])(
    'refuses a file of mode %s with a MonzoTokenStoreError naming the chmod command, without the tokens',
    async (octal) => {
      const mode = Number.parseInt(octal, 8);
      const path = join(dir, 'tokens.json');
      await writeFile(path, json(tokens));
      await chmod(path, mode);
      const error = await new FileTokenStore(path).get().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MonzoTokenStoreError);
      expect((error as Error).message).toContain(`chmod 600 ${path}`);
      expect((error as Error).message).toContain(`(mode ${octal})`);
      expect((error as Error).message).toMatch(/log in again/);
      for (const text of commonRenderings(error)) {
        expect(text).not.toContain(tokens.access_token);
        expect(text).not.toContain(tokens.refresh_token);
      }
      // Refused, not changed behind the person's back.
      expect((await stat(path)).mode & 0o777).toBe(mode);
    },
  );

  it.each(['0600', '0400'])('reads a file of mode %s', async (octal) => {
    const mode = Number.parseInt(octal, 8);
    const path = join(dir, 'tokens.json');
    await writeFile(path, json(tokens));
    await chmod(path, mode);
    expect(await new FileTokenStore(path).get()).toEqual(tokens);
  });

  it('quotes a path with spaces in the chmod command it gives', async () => {
    const path = join(dir, "my tokens's.json");
    await writeFile(path, json(tokens));
    await chmod(path, 0o644);
    await expect(new FileTokenStore(path).get()).rejects.toThrow(`chmod 600 '${dir}/my tokens'\\''s.json'`);
  });

  it('a client on a world-readable file fails before sending anything, and works once the mode is fixed', async () => {
    const path = join(dir, 'tokens.json');
    await writeFile(path, json(expiring()));
    await chmod(path, 0o644);
    const server = await tokenServerForTest();
    await expect(clientFor(server.url, new FileTokenStore(path)).whoami()).rejects.toThrow(/chmod 600/);
    expect(server.counts.refresh + server.counts.data).toBe(0);
    await chmod(path, 0o600);
    await clientFor(server.url, new FileTokenStore(path)).whoami();
    expect(server.counts.refresh).toBe(1);
  });
});

describe.skipIf(process.platform === 'win32')('FileTokenStore and a symbolic link', () => {
  it('writes through a link to its target: the link stays, and the target holds the new tokens, not the spent ones', async () => {
    const target = join(dir, 'real', 'tokens.json');
    await mkdir(join(dir, 'real'));
    await writeFile(target, json(expiring()), { mode: 0o600 });
    const link = join(dir, 'tokens.json');
    await symlink('real/tokens.json', link); // relative, as `ln -s` usually makes them
    const server = await tokenServerForTest();

    await clientFor(server.url, new FileTokenStore(link)).whoami();

    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('real/tokens.json');
    const saved = JSON.parse(await readFile(target, 'utf8')) as TokenSet;
    expect(saved.refresh_token).toBe(server.issued(1).refresh);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    // No copy of the spent refresh token anywhere, and no temporary or lock file left.
    expect((await readdir(dir)).sort()).toEqual(['real', 'tokens.json']);
    expect(await readdir(join(dir, 'real'))).toEqual(['tokens.json']);
  });

  it('follows a chain of links, and creates the last target when it does not exist yet', async () => {
    const final = join(dir, 'store', 'tokens.json');
    await symlink(join(dir, 'second'), join(dir, 'first'));
    await symlink(final, join(dir, 'second'));
    const store = new FileTokenStore(join(dir, 'first'));
    expect(await store.get()).toBeUndefined();
    await store.set(tokens);
    expect(JSON.parse(await readFile(final, 'utf8'))).toEqual(tokens);
    expect((await lstat(join(dir, 'first'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, 'second'))).isSymbolicLink()).toBe(true);
    expect(await store.get()).toEqual(tokens);
  });

  it('clear removes the target (which would otherwise keep the revoked tokens), and leaves the link', async () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'tokens.json');
    await writeFile(target, json(tokens), { mode: 0o600 });
    await symlink(target, link);
    const store = new FileTokenStore(link);
    await store.clear();
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await store.get()).toBeUndefined();
  });

  it('checks the mode of the target, and names both in the refusal', async () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'tokens.json');
    await writeFile(target, json(tokens));
    await chmod(target, 0o644);
    await symlink(target, link);
    const error = await new FileTokenStore(link).get().catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(`chmod 600 ${target}`);
    expect((error as Error).message).toContain(`the target of ${link}`);
  });

  it('refuses a loop of links clearly', async () => {
    await symlink(join(dir, 'b'), join(dir, 'a'));
    await symlink(join(dir, 'a'), join(dir, 'b'));
    const error = await new FileTokenStore(join(dir, 'a')).set(tokens).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toContain(join(dir, 'a'));
  });

  it('a store on the link and one on the target share one lock', async () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'tokens.json');
    await symlink(target, link);
    const order: string[] = [];
    let release: () => void = () => {};
    const held = new FileTokenStore(link).withLock(async () => {
      order.push('link: locked');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('link: released');
    });
    while (order.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const waiting = new FileTokenStore(target).withLock(async () => {
      order.push('target: locked');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['link: locked', 'link: released', 'target: locked']);
  });
});
