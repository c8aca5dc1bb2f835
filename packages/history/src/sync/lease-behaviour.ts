import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryError } from '../errors.js';
import { openHistory } from '../open.js';
import type { HistoryStore } from '../store/types.js';
import { openStoreAt, type StoreTarget, syncSetup } from './test-support.js';
import type { SyncNotice } from './types.js';

type Setup = Awaited<ReturnType<typeof syncSetup>>;

/** Registers the tests of syncs sharing one history on `target` (lease.test.ts: SQLite; lease.postgres.test.ts). */
export function leaseBehaviour(target: StoreTarget): void {
  describe(`syncs that share a history on ${target.name}`, () => behaviour(target));
}

function behaviour(target: StoreTarget): void {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(
      opened
        .splice(0)
        .reverse()
        .map((item) => item.close()),
    );
  });

  const fresh = async (transactions: number): Promise<Setup> => {
    const setup = await syncSetup({ transactions, location: target.location });
    opened.push(setup);
    return setup;
  };

  /** A second connection to the same history, as another process would have. */
  const beside = async (s: Setup): Promise<HistoryStore> => {
    const store = await openStoreAt(s.location);
    opened.push(store);
    return store;
  };

  it('skips an account another sync holds when told to, and waits for it otherwise, up to a bound', async () => {
    const s = await fresh(150);
    const other = await beside(s);
    await other.takeLease(s.personal, 'elsewhere:1:other', 60_000);
    const notices: SyncNotice[] = [];
    const skipping = await s.sync({ leases: { whenBusy: 'skip' }, notice: (notice) => notices.push(notice) });
    expect(skipping.skipped).toEqual([{ id: s.personal, owner: 'elsewhere:1:other' }]);
    expect(skipping.accounts.map((account) => account.id)).toEqual(s.open.filter((id) => id !== s.personal));
    expect(notices).toEqual([expect.objectContaining({ kind: 'skipped', account_id: s.personal })]);

    const waited = s.sync({ leases: { waitMs: 300 }, notice: (notice) => notices.push(notice) });
    await expect(waited).rejects.toBeInstanceOf(HistoryError);
    await expect(waited).rejects.toMatchObject({
      code: 'LEASED',
      message: expect.stringMatching(
        /is being synced by another process \(elsewhere:1:other, its lease runs to /,
      ),
    });
    expect(notices.at(-1)).toMatchObject({ kind: 'waiting', owner: 'elsewhere:1:other', wait_ms: 300 });
    expect(await s.heldIds(s.personal)).toEqual([]);
  });

  it('takes over the account once the holder stops renewing (killed elsewhere), or at once from a dead process here', async () => {
    const s = await fresh(150);
    const other = await beside(s);
    await other.takeLease(s.personal, 'elsewhere:1:killed', 400);
    const notices: string[] = [];
    const started = Date.now();
    const summary = await s.sync({ notice: (notice) => notices.push(notice.kind) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(notices).toEqual(['waiting']);
    expect(summary.held).toBe(300);

    // A process of this machine that is gone: its pid names no process.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    await other.takeLease(s.personal, `${hostname()}:${gone.stdout}:dead`, 60_000);
    const again = await s.sync({ notice: (notice) => notices.push(notice.kind) });
    expect(again.skipped).toEqual([]);
    // No wait this time.
    expect(notices).toEqual(['waiting']);
  });

  it('two syncs at once on one history: each account synced by one, every transaction inserted once', async () => {
    const s = await fresh(600);
    const second = await openHistory(s.location);
    opened.push(second);
    const options = { now: () => new Date(s.mock.control.now()) };
    const [one, two] = await Promise.all([s.sync(), second.sync(s.client(), options)]);
    expect(one.inserted + two.inserted).toBe(1_200);
    expect(one.updated + two.updated).toBe(0);
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
  });

  it('keeps its lease through pages slower than the lease lasts, renewing it on a timer', async () => {
    const s = await fresh(150);
    s.mock.control.fault({ path: '/transactions', latencyMs: 1_000 });
    const other = await beside(s);
    const running = s.sync({ leases: { ttlMs: 600 } });
    let seen: string | undefined;
    for (let tries = 0; tries < 200 && seen === undefined; tries++) {
      await new Promise((done) => setTimeout(done, 100));
      // Taking a lease another sync renews fails; the first that succeeds is on an account it is not syncing.
      for (const account of s.open) {
        const holder = await other.takeLease(account, 'watcher:1:x', 60_000);
        if (holder.owner === 'watcher:1:x') await other.releaseLease(account, 'watcher:1:x');
        else seen = account;
      }
    }
    expect(seen).toBeDefined();
    // Longer than the lease lasts, and than a page takes.
    await new Promise((done) => setTimeout(done, 1_200));
    expect((await other.takeLease(seen as string, 'watcher:1:x', 60_000)).owner).not.toBe('watcher:1:x');
    const summary = await running;
    expect(summary.held).toBe(300);
  });
}
