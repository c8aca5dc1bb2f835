import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MonzoTokenStoreError } from '../../core/errors.js';
import { FileTokenStore } from './file.js';
import { FileLock } from './file-lock.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-ts-file-lock-'));
  path = join(dir, 'tokens.json.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that no process has: one that just ran and ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

async function plantLock(record: Record<string, unknown>, ageMs = 0): Promise<void> {
  await writeFile(path, JSON.stringify({ owner: 'someone-else', ttl_ms: 10_000, ...record }));
  const then = new Date(Date.now() - ageMs);
  await utimes(path, then, then);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('FileLock', () => {
  it('lets one holder in at a time, and leaves no file behind', async () => {
    const order: string[] = [];
    const holder = (name: string) =>
      new FileLock(path).run(async () => {
        order.push(`${name} in`);
        await tick();
        order.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    expect(order).toHaveLength(6);
    for (let index = 0; index < 6; index += 2)
      expect(order[index + 1]).toBe(order[index]?.replace('in', 'out'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('holds the lock file with an owner, this pid and host, and its ttl, readable by its owner only', async () => {
    await new FileLock(path, { ttlMs: 5_000 }).run(async () => {
      const record = JSON.parse(await readFile(path, 'utf8'));
      expect(record).toMatchObject({ pid: process.pid, host: hostname(), ttl_ms: 5_000 });
      expect(record.owner).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it('keeps its lock past the ttl while the holder runs (renewal), so a waiter gets in only after the release', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const held = new FileLock(path, { ttlMs: 1_000 }).run(async () => {
      order.push('holder in');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('holder out');
    });
    while (order.length === 0) await tick();
    const waiting = new FileLock(path, { ttlMs: 1_000 }).run(async () => {
      order.push('waiter in');
    });
    // Two and a half ttls: without renewal the waiter would take the lock over before the release.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['holder in', 'holder out', 'waiter in']);
  });

  it('takes over at once a lock whose process is gone', async () => {
    await plantLock({ pid: deadPid(), host: hostname() });
    expect(await new FileLock(path, { waitMs: 0 }).run(async () => 'ran')).toBe('ran');
  });

  it('takes over an expired lock of a live process elsewhere, and never an unexpired one', async () => {
    await plantLock({ pid: 1, host: 'another-machine.example', ttl_ms: 1_000 }, 5_000);
    expect(await new FileLock(path, { waitMs: 0 }).run(async () => 'ran')).toBe('ran');

    await plantLock({ pid: 1, host: 'another-machine.example', ttl_ms: 60_000 });
    const error = await new FileLock(path, { waitMs: 100 })
      .run(async () => 'ran')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonzoTokenStoreError);
    expect((error as Error).message).toMatch(
      /Gave up waiting for the lock .*tokens\.json\.lock after 100 ms/,
    );
    expect(JSON.parse(await readFile(path, 'utf8')).owner).toBe('someone-else');
  });

  it('takes over a lock left empty by a crash once it is older than the ttl, not before', async () => {
    await writeFile(path, '');
    await expect(new FileLock(path, { ttlMs: 60_000, waitMs: 50 }).run(async () => 'ran')).rejects.toThrow(
      /Gave up waiting/,
    );
    const old = new Date(Date.now() - 120_000);
    await utimes(path, old, old);
    expect(await new FileLock(path, { ttlMs: 60_000, waitMs: 0 }).run(async () => 'ran')).toBe('ran');
  });

  it('releases only its own lock: one taken over meanwhile stays', async () => {
    await new FileLock(path).run(async () => {
      // As if this holder stalled past its expiry and another process took the lock over.
      await rm(path);
      await plantLock({ pid: 1, host: 'another-machine.example' });
    });
    expect(JSON.parse(await readFile(path, 'utf8')).owner).toBe('someone-else');
    expect(await readdir(dir)).toEqual(['tokens.json.lock']);
  });

  it('releases the lock when the work throws, and passes the error on', async () => {
    await expect(
      new FileLock(path).run(async () => {
        throw new Error('refresh failed');
      }),
    ).rejects.toThrow('refresh failed');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses timings that make no sense, when the store is made', () => {
    expect(() => new FileTokenStore(join(dir, 't.json'), { lock: { ttlMs: 10 } })).toThrow(
      MonzoTokenStoreError,
    );
    expect(() => new FileTokenStore(join(dir, 't.json'), { lock: { waitMs: -1 } })).toThrow(
      MonzoTokenStoreError,
    );
  });
});
