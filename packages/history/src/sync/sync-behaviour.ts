import type { Merchant, Transaction } from 'monzo-ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransactionQuery } from '../history.js';
import { type StoreTarget, syncSetup } from './test-support.js';

const DAY = 86_400_000;

type Setup = Awaited<ReturnType<typeof syncSetup>>;

/** Registers the behaviour of a sync on the store `target` opens (sync.test.ts: SQLite; sync.postgres.test.ts). */
export function syncBehaviour(target: StoreTarget): void {
  describe(`History.sync on ${target.name}`, () => behaviour(target));
}

/**
 * A function that makes an emulator with this many transactions per open account, and an empty history on
 * `target`; each is closed after its test.
 */
function setups(target: StoreTarget): (transactions: number) => Promise<Setup> {
  const opened: Setup[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((setup) => setup.close()));
  });
  return async (transactions) => {
    const setup = await syncSetup({ transactions, location: target.location });
    opened.push(setup);
    return setup;
  };
}

/** The pending card payments held of an account (the last three of the generated history). */
async function pendingIds(s: Setup, accountId: string): Promise<string[]> {
  const held = await s.held(accountId);
  return held.filter((tx) => tx.settled === '' && !tx.decline_reason).map((tx) => tx.id);
}

/** A transaction as held, whichever account it is in. */
async function stored(s: Setup, id: string): Promise<Record<string, unknown>> {
  for (const account of s.open) {
    const found = (await s.held(account)).find((tx) => tx.id === id);
    if (found) return found as unknown as Record<string, unknown>;
  }
  throw new Error(`${id} is not held`);
}

function behaviour(target: StoreTarget): void {
  const fresh = setups(target);

  // At 100,000 transactions (~13 s) this is `npm run bench`'s sync row (bench/sync.ts); the history spans the
  // same 400 days at any size, so 2,500 an account cross the same 90-day line.
  it('keeps the whole history past the 5-minute window, adds new ones and updates those that settled', async () => {
    const s = await fresh(2_500);
    const first = await s.sync();
    expect(first).toMatchObject({ inserted: 5_000, updated: 0, held: 5_000 });
    expect(first.accounts.map((account) => account.full_history)).toEqual([true, true]);
    expect(first.accounts.map((account) => account.complete_since)).toEqual([null, null]);
    expect(s.notices).toEqual([]);

    // The window closes; life goes on: new payments, and pending ones clear (one at another amount).
    s.closeWindow();
    const [joint] = s.open.filter((id) => id !== s.personal) as [string];
    const made = [
      s.mock.control.createTransaction({ amount: -1_250 }),
      s.mock.control.createTransaction({ amount: 30_000, merchant: false, description: 'REFUND' }),
      s.mock.control.createTransaction({ account_id: joint, amount: -999 }),
    ];
    const [tip, plain, later] = (await pendingIds(s, s.personal)) as [string, string, string];
    s.mock.control.settleTransaction(tip, { amount: -4_321 });
    s.mock.control.settleTransaction(plain);
    const second = await s.sync();
    expect(second).toMatchObject({ inserted: 3, updated: 2, held: 5_003 });
    expect(await stored(s, tip)).toMatchObject({ amount: -4_321, amount_is_pending: false });
    expect((await stored(s, plain)).settled).not.toBe('');
    expect((await stored(s, later)).settled).toBe('');

    // A day on, the card payments made above have settled by themselves; the last generated one is cleared.
    s.mock.control.advanceTime(DAY + 60_000);
    s.mock.control.settleTransaction(later);
    const third = await s.sync();
    expect(third).toMatchObject({ inserted: 0, updated: 3, held: 5_003 });
    for (const tx of made.filter((item) => item.merchant !== null)) {
      expect((await stored(s, tx.id as string)).settled).not.toBe('');
    }
    expect(await pendingIds(s, s.personal)).toEqual([]);

    // Nothing doubled, nothing lost: the very ids the emulator has, and a rerun changes nothing.
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
    expect(await s.sync()).toMatchObject({ inserted: 0, updated: 0, held: 5_003 });
    expect(s.notices).toEqual([]);
  });

  it('reads back exactly what the API returned, in the SDK shape, filtered and limited', async () => {
    const s = await fresh(250);
    await s.sync();
    const monzoIds = await s.emulatorIds(s.personal);
    const read = async (query: Omit<TransactionQuery, 'account_id'> = {}) => {
      const found: Transaction<Merchant>[] = [];
      for await (const tx of s.history.transactions({ account_id: s.personal, ...query })) found.push(tx);
      return found;
    };
    const all = await read();
    expect(all.map((tx) => tx.id)).toEqual(monzoIds);
    expect(typeof all[0]?.merchant === 'object' || all[0]?.merchant === null).toBe(true);
    const middle = all[100] as { created: string };
    const last = all[200] as { created: string };
    const window = await read({ since: new Date(middle.created), before: last.created });
    expect(window.map((tx) => tx.id)).toEqual(all.slice(100, 200).map((tx) => tx.id));
    const newest = await read({ limit: 5, newest: true });
    expect(newest.map((tx) => tx.id)).toEqual(all.slice(-5).map((tx) => tx.id));
    const oldest = await read({ limit: 5 });
    expect(oldest.map((tx) => tx.id)).toEqual(all.slice(0, 5).map((tx) => tx.id));
  });

  it('outside the window takes the last 90 days and says so; the next login fills in the rest', async () => {
    const s = await fresh(900);
    s.closeWindow();
    const limited = await s.sync();
    const recentCount = limited.held;
    expect(recentCount).toBeGreaterThan(0);
    expect(recentCount).toBeLessThan(1_800);
    expect(
      limited.accounts.every((account) => account.complete_since !== null && !account.full_history),
    ).toBe(true);
    expect(s.notices.join('\n')).toMatch(/only the last 90 days were reachable/);

    await s.relogin();
    const full = await s.sync();
    expect(full).toMatchObject({ inserted: 1_800 - recentCount, updated: 0, held: 1_800 });
    expect(full.accounts.every((account) => account.complete_since === null && account.full_history)).toBe(
      true,
    );
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
  });

  it('after more than 90 days away records the gap it cannot read, and a sync after a login fills it', async () => {
    const s = await fresh(300);
    await s.sync();
    s.mock.control.advanceTime(120 * DAY);
    s.mock.control.createTransaction({ amount: -500 });
    const away = await s.sync();
    expect(away.inserted).toBe(1);
    const personal = away.accounts.find((account) => account.id === s.personal);
    expect(personal?.gaps).toHaveLength(1);
    expect(personal?.full_history).toBe(true);
    expect(personal?.complete_since).toBe(personal?.gaps[0]?.to);
    expect(s.notices.join('\n')).toMatch(/could not be read: the last sync was too long ago/);
    expect(await s.history.gaps({ user_id: s.user })).toHaveLength(2);

    await s.relogin();
    const filled = await s.sync();
    expect(filled).toMatchObject({ inserted: 0, held: 601 });
    expect(filled.accounts.every((account) => account.complete_since === null)).toBe(true);
    expect(await s.history.gaps()).toEqual([]);
  });

  it('when the window closes part way, keeps what it read, records the gap and takes the last 90 days', async () => {
    const s = await fresh(2_000);
    let pages = 0;
    s.intercept((next) => async (input, init) => {
      if (String(input).includes('/transactions?') && ++pages === 4) s.closeWindow();
      return next(input, init);
    });
    const summary = await s.sync();
    const personal = summary.accounts.find((account) => account.id === s.personal);
    expect(personal?.gaps).toHaveLength(1);
    expect(s.notices.join('\n')).toMatch(/window closed during the sync/);
    // The first three pages, then the last 90 days.
    const held = await s.heldIds(s.personal);
    const ids = await s.emulatorIds(s.personal);
    expect(held.slice(0, 300)).toEqual(ids.slice(0, 300));
    expect(held.length).toBeLessThan(ids.length);
    expect(held.slice(-100)).toEqual(ids.slice(-100));

    await s.relogin();
    await s.sync();
    expect(await s.heldIds(s.personal)).toEqual(ids);
  });

  it('resumes after a failure part way without doubling anything', async () => {
    const s = await fresh(1_000);
    let pages = 0;
    s.intercept((next) => async (input, init) => {
      if (String(input).includes('/transactions?') && ++pages === 6) throw new TypeError('fetch failed');
      return next(input, init);
    });
    await expect(s.sync()).rejects.toThrow();
    expect(await s.count()).toBe(500);
    s.intercept((next) => next);
    const resumed = await s.sync();
    expect(resumed.inserted).toBe(1_500);
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
  });

  it('records accounts, pots and a balance snapshot per sync', async () => {
    const s = await fresh(50);
    await s.sync();
    s.mock.control.advanceTime(60_000);
    await s.sync();
    expect(await s.history.accounts()).toHaveLength(3);
    expect(await s.history.accounts({ user_id: s.user })).toHaveLength(3);
    expect(await s.history.accounts({ user_id: 'user_someone_else' })).toEqual([]);
    let pots = 0;
    for (const account of s.open) {
      pots += (await s.history.pots(account)).length;
      expect(await s.history.balances(account)).toHaveLength(2);
    }
    expect(pots).toBe(s.mock.control.dataset().pots.length);
  });
}
