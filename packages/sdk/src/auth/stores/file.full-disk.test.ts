import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../../../mock/src/index.js';
import type { TokenFileFaults } from '../../../test/support/fs-faults.js';
import { commonRenderings } from '../../../test/support/secrets.js';
import { MonzoClient } from '../../client.js';
import { MonzoTokenStoreError } from '../../core/errors.js';
import type { TokenSet } from '../token-set.js';
import { FileTokenStore } from './file.js';

// A full disk, through a seam (see fs-faults.ts): mounting a tiny file system needs privileges a test cannot
// count on.
const faults = vi.hoisted(() => ({}) as TokenFileFaults);
vi.mock('node:fs/promises', async (original) => {
  const { faultyFs } = await import('../../../test/support/fs-faults.js');
  return faultyFs(await original(), faults);
});

let mock: MockServer;
let dir: string;
let file: string;
beforeAll(async () => {
  mock = await startMockServer({ transactions: 5 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-ts-full-disk-'));
  file = join(dir, 'tokens.json');
});
afterEach(async () => {
  faults.write = undefined;
  faults.rename = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** An expired login in the token file; the emulator's counters start from zero. */
async function expiredLogin(): Promise<{ signed: TokenSet; text: string }> {
  const signed = await signIn(mock);
  const text = `${JSON.stringify({ ...signed, expires_at: Date.now() - 60_000 }, null, 2)}\n`;
  await writeFile(file, text, { mode: 0o600 });
  mock.control.resetCounters();
  return { signed, text };
}

const refreshes = () => mock.control.counters().requests['POST /oauth2/token'] ?? 0;
const client = (onTokensUnsaved?: (error: MonzoTokenStoreError) => void) =>
  new MonzoClient({
    apiUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokenStore: new FileTokenStore(file),
    ...(onTokensUnsaved ? { onTokensUnsaved } : {}),
  });

describe('a token file on a full disk', () => {
  it('does not spend the refresh token when the new tokens could not be written, and says to free space', async () => {
    const { text } = await expiredLogin();
    faults.write = 'ENOSPC';

    const error = await client()
      .whoami()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toContain(`Cannot write the token file ${file} (ENOSPC)`);
    expect((error as Error).message).toMatch(/free some space/);
    expect((error as Error).message).toMatch(/refresh token was not spent, so the login is intact/);
    expect(refreshes()).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['tokens.json']);

    faults.write = undefined;
    await client().whoami();
    expect(refreshes()).toBe(1);
  });

  it('when the save still fails after the refresh, the process goes on with the new tokens and is told where to save them', async () => {
    const { signed, text } = await expiredLogin();
    faults.rename = 'ENOSPC'; // The space was claimed before the refresh; the rename is what fails after it.
    const told: MonzoTokenStoreError[] = [];
    const monzo = client((error) => told.push(error));

    await monzo.whoami();
    await monzo.accounts.list();

    expect(refreshes()).toBe(1);
    expect(mock.control.counters().requests['GET /ping/whoami']).toBe(1);
    expect(told).toHaveLength(1);
    expect(told[0]?.message).toContain(`Cannot save tokens to ${file} (ENOSPC)`);
    expect(told[0]?.message).toMatch(/keeps the new tokens in memory.*log in again afterwards/);
    for (const text of commonRenderings(told[0])) expect(text).not.toContain(signed.refresh_token);
    expect(await readFile(file, 'utf8')).toBe(text);

    // Space is freed: the next call saves the tokens the process held, without another refresh.
    faults.rename = undefined;
    await monzo.accounts.list();
    expect(refreshes()).toBe(1);
    const saved = JSON.parse(await readFile(file, 'utf8')) as TokenSet;
    expect(saved.refresh_token).not.toBe(signed.refresh_token);
    expect(await readdir(dir)).toEqual(['tokens.json']);
    mock.control.resetCounters();
    await client().whoami();
    expect(refreshes()).toBe(0);
  });
});
