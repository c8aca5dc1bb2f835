import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../../../mock/src/index.js';
import type { CallOutcome } from '../../../test/support/file-store-child.js';
import { spawnStoreChild } from '../../../test/support/file-store-children.js';
import type { TokenSet } from '../token-set.js';
import { FileTokenStore } from './file.js';

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
  dir = await mkdtemp(join(tmpdir(), 'monzo-ts-shared-file-'));
  file = join(dir, 'tokens.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Makes the login in the file expired, in the file and at the emulator; counts from zero again. */
async function expire(tokens?: TokenSet): Promise<TokenSet> {
  const store = new FileTokenStore(file);
  const current = tokens ?? (await store.get());
  const expired = { ...(current as TokenSet), expires_at: Date.now() - 60_000 };
  await store.set(expired);
  mock.control.expireAccessTokens();
  mock.control.resetCounters();
  return expired;
}

const refreshes = () => mock.control.counters().requests['POST /oauth2/token'] ?? 0;

function child(mode: 'once' | 'rounds' | 'hold', lockTtlMs?: number) {
  return spawnStoreChild({
    mode,
    apiUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    tokenFile: file,
    ...(lockTtlMs ? { lockTtlMs } : {}),
  });
}

async function once(lockTtlMs?: number): Promise<CallOutcome & { code: number | null }> {
  const run = child('once', lockTtlMs);
  const code = await run.exit;
  return { ...(JSON.parse(run.stdout() || '{}') as CallOutcome), code };
}

// Processes take a while to start on a busy 2-core machine; the work itself takes a few seconds.
describe('one token file shared by separate processes', { timeout: 120_000 }, () => {
  it('10 processes × 10 rounds on an expired token: no call fails, exactly one refresh per round', async () => {
    await expire(await signIn(mock));
    const children = Array.from({ length: 10 }, () => child('rounds'));
    expect(await Promise.all(children.map((one) => one.nextLine()))).toEqual(Array(10).fill('ready'));

    const failures: string[] = [];
    const perRound: number[] = [];
    for (let round = 0; round < 10; round++) {
      if (round > 0) await expire();
      const outcomes = await Promise.all(children.map((one) => one.call()));
      failures.push(
        ...outcomes.filter((outcome) => !outcome.ok).map((outcome) => `${round}: ${outcome.error}`),
      );
      perRound.push(refreshes());
    }

    expect(failures).toEqual([]);
    expect(perRound).toEqual(Array(10).fill(1));
    // The file holds the live login, and neither a lock nor a temporary file is left beside it.
    expect(await readdir(dir)).toEqual(['tokens.json']);
    mock.control.resetCounters();
    expect(await once()).toMatchObject({ ok: true, code: 0 });
    expect(refreshes()).toBe(0);
  });

  it('a lock left by a process killed with SIGKILL is taken over at once when its process is gone', async () => {
    const expired = await expire(await signIn(mock));
    const holder = child('hold');
    expect(await holder.nextLine()).toBe('locked');
    holder.child.kill('SIGKILL');
    await holder.exit;
    expect(await readdir(dir)).toContain('tokens.json.lock');

    expect(await once()).toMatchObject({ ok: true, code: 0 });
    expect(refreshes()).toBe(1);
    const saved = JSON.parse(await readFile(file, 'utf8')) as TokenSet;
    expect(saved.refresh_token).not.toBe(expired.refresh_token);
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it('a lock of a killed process that this machine cannot see (another host) is taken over after its expiry', async () => {
    await expire(await signIn(mock));
    const ttl = 1_500;
    const holder = child('hold', ttl);
    expect(await holder.nextLine()).toBe('locked');
    holder.child.kill('SIGKILL');
    await holder.exit;
    // As if written by a process on another machine sharing the folder: its pid says nothing here.
    const lock = `${file}.lock`;
    const record = JSON.parse(await readFile(lock, 'utf8')) as Record<string, unknown>;
    const { mtime } = await stat(lock);
    await writeFile(lock, JSON.stringify({ ...record, host: 'another-machine.example' }));
    await utimes(lock, mtime, mtime);

    const outcome = await once(ttl);
    const finished = Date.now();

    expect(outcome).toMatchObject({ ok: true, code: 0 });
    // Not before the lock expired: correctness (no early takeover), not speed.
    expect(finished).toBeGreaterThanOrEqual(mtime.getTime() + ttl);
    expect(refreshes()).toBe(1);
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });
});
