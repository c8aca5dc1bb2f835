import type { Merchant, Transaction } from 'monzo-ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransactionQuery } from '../history.js';
import { recentSince } from '../monzo.js';
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

  it('when the window closes part way, keeps what it read, records the gaps, and a new login fills only them', async () => {
    const s = await fresh(3_000);
    let requests = 0;
    s.intercept((next) => async (input, init) => {
      if (String(input).includes('/transactions?') && ++requests === 12) s.closeWindow();
      return next(input, init);
    });
    const summary = await s.sync();
    const ids = await s.emulatorIds(s.personal);
    const held = await s.heldIds(s.personal);
    const personal = summary.accounts.find((account) => account.id === s.personal);
    expect(personal?.gaps.length).toBeGreaterThan(0);
    expect(personal?.full_history).toBe(false);
    expect(s.notices.join('\n')).toMatch(/window closed during the sync/);
    expect(s.notices.at(-1)).toMatch(/log in again/);
    // Some of the old part, every one of the last 90 days, each once; the gaps stored are those said.
    expect(new Set(held).size).toBe(held.length);
    expect(held.length).toBeLessThan(ids.length);
    expect(held.every((id) => ids.includes(id))).toBe(true);
    const recent = Date.parse(recentSince(new Date(s.mock.control.now())).toISOString());
    const all = await s.held(s.personal);
    expect(all.filter((tx) => Date.parse(tx.created) >= recent + DAY).length).toBeGreaterThan(0);
    const stored = await s.history.gaps({ account_id: s.personal });
    expect(stored.map(({ from, to }) => ({ from, to }))).toEqual(personal?.gaps);
    // Nothing held lies in a gap, but in its first second (a gap starts a second before the last page read).
    for (const tx of all) expect(inside(tx.created, stored, -1_001)).toBe(false);

    // A new login: only the gaps, and the days since the sync, are asked for.
    await s.relogin();
    const state = await s.history.syncState(s.personal);
    const fetched = s.countFetched();
    const filled = await s.sync();
    expect(filled.accounts.every((account) => account.full_history && account.gaps.length === 0)).toBe(true);
    expect(await s.history.gaps()).toEqual([]);
    const tail = Date.parse(state?.covered_until ?? '') - 14 * DAY;
    const personalFetched = fetched().filter((tx) => tx.account_id === s.personal);
    expect(personalFetched.length).toBeGreaterThan(0);
    for (const tx of personalFetched) {
      expect(inside(tx.created, stored, 1_000) || Date.parse(tx.created) >= tail).toBe(true);
    }
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
  });

  it('resumes after a failure part way: only what is missing, nothing doubled', async () => {
    const s = await fresh(3_000);
    let requests = 0;
    s.intercept((next) => async (input, init) => {
      if (String(input).includes('/transactions?') && ++requests > 30) {
        return Response.json(
          { code: 'bad_request.bad_param', message: 'refused by the test' },
          { status: 400 },
        );
      }
      return next(input, init);
    });
    await expect(s.sync()).rejects.toThrow(/refused by the test/);
    const before = await s.count();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(6_000);
    const missing = await s.history.gaps();
    expect(missing.length).toBeGreaterThan(0);
    s.intercept((next) => next);
    // Each account's recheck: the 14 days before what its sync state says is held are read again as usual.
    const tails = new Map<string, number>();
    for (const account of s.open) {
      const covered = (await s.history.syncState(account))?.covered_until;
      tails.set(account, Date.parse(covered ?? '') - 14 * DAY);
    }
    const fetched = s.countFetched();
    const resumed = await s.sync();
    expect(resumed.inserted).toBe(6_000 - before);
    // Every transaction asked for again lies in what the gaps said was missing (or at their edges), or in the
    // recheck. Which of them the failure left unread depends on how the windows' requests interleaved.
    for (const tx of fetched()) {
      const tail = tails.get(tx.account_id ?? '') ?? Number.POSITIVE_INFINITY;
      expect(inside(tx.created, missing, 1_000) || Date.parse(tx.created) >= tail).toBe(true);
    }
    expect(fetched().length).toBeLessThan(6_000 - before + 300);
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
    expect(await s.history.gaps()).toEqual([]);
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

/** Whether a time lies in one of the stretches, widened by `marginMs` at each end (narrowed, if negative). */
function inside(
  created: string,
  stretches: readonly { from: string; to: string }[],
  marginMs: number,
): boolean {
  const t = Date.parse(created);
  return stretches.some((gap) => t >= Date.parse(gap.from) - marginMs && t < Date.parse(gap.to) + marginMs);
}
