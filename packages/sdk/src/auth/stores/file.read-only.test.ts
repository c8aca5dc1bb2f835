import { spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../../../mock/src/index.js';
import type { CallOutcome } from '../../../test/support/file-store-child.js';
import { spawnStoreChild } from '../../../test/support/file-store-children.js';
import type { TokenSet } from '../token-set.js';

// Root writes through any mode, so as root the child runs as `nobody` (setpriv), to whom 0500 means read-only.
const isRoot = process.getuid?.() === 0;
const NOBODY = 65_534;
const canDropRoot = isRoot && spawnSync('setpriv', ['--version']).status === 0;

let mock: MockServer;
let dir: string;
let folder: string;
let file: string;

beforeAll(async () => {
  mock = await startMockServer({ transactions: 5 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-ts-read-only-'));
  folder = join(dir, 'config');
  file = join(folder, 'tokens.json');
});
afterEach(async () => {
  await chmod(folder, 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** Writes `tokens` as the child's user would have, in a folder the child may read but not write. */
async function readOnlyLogin(tokens: TokenSet): Promise<string> {
  await mkdir(folder, { mode: 0o700 });
  const text = `${JSON.stringify(tokens, null, 2)}\n`;
  await writeFile(file, text, { mode: 0o600 });
  if (isRoot) {
    await chmod(dir, 0o755);
    await chown(folder, NOBODY, NOBODY);
    await chown(file, NOBODY, NOBODY);
  }
  await chmod(folder, 0o500);
  return text;
}

async function once(): Promise<CallOutcome & { code: number | null }> {
  const child = spawnStoreChild({
    mode: 'once',
    apiUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokenFile: file,
    ...(isRoot ? { asUser: NOBODY } : {}),
  });
  const code = await child.exit;
  return { ...(JSON.parse(child.stdout() || '{}') as CallOutcome), code };
}

describe.skipIf(process.platform === 'win32' || (isRoot && !canDropRoot))(
  'a token file in a folder that cannot be written',
  { timeout: 60_000 },
  () => {
    it('does not spend the refresh token, says what to fix, and works once the folder is writable', async () => {
      const signed = await signIn(mock);
      const text = await readOnlyLogin({ ...signed, expires_at: Date.now() - 60_000 });
      mock.control.resetCounters();

      const refused = await once();

      expect(refused.code).toBe(1);
      expect(refused.error).toMatch(/^MonzoTokenStoreError: /);
      expect(refused.error).toContain(file);
      expect(refused.error).toMatch(/EACCES/);
      expect(refused.error).toMatch(/refresh token was not spent, so the login is intact/);
      expect(refused.error).not.toContain(signed.refresh_token);
      expect(mock.control.counters().requests['POST /oauth2/token'] ?? 0).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(text);

      await chmod(folder, 0o700);
      expect(await once()).toMatchObject({ ok: true, code: 0 });
      expect(mock.control.counters().requests['POST /oauth2/token']).toBe(1);
      const saved = JSON.parse(await readFile(file, 'utf8')) as TokenSet;
      expect(saved.refresh_token).not.toBe(signed.refresh_token);
      expect(await readdir(folder)).toEqual(['tokens.json']);
    });

    it('a token that is still valid is used as before: only a refresh needs the folder', async () => {
      await readOnlyLogin(await signIn(mock));
      mock.control.resetCounters();
      expect(await once()).toMatchObject({ ok: true, code: 0 });
      expect(mock.control.counters().requests['POST /oauth2/token'] ?? 0).toBe(0);
    });
  },
);
