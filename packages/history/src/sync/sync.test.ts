import { afterEach, describe, expect, it } from 'vitest';
import { readTransactions } from './read.js';
import { syncSetup } from './test-support.js';

const DAY = 86_400_000;

type Setup = Awaited<ReturnType<typeof syncSetup>>;
const opened: Setup[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((setup) => setup.close()));
});

/** An emulator with this many transactions per open account, and an empty local history; closed after the test. */
async function fresh(transactions: number): Promise<Setup> {
  const setup = await syncSetup({ transactions });
  opened.push(setup);
  return setup;
}

/** The emulator's pending card payments of an account (the last three of the generated history). */
function pendingIds(s: Setup, accountId: string): string[] {
  return s.db
    .prepare(
      'SELECT id FROM transactions WHERE account_id = ? AND settled IS NULL AND declined = 0 ORDER BY created',
    )
    .all(accountId)
    .map((row) => row.id as string);
}

function stored(s: Setup, id: string): Record<string, unknown> {
  return JSON.parse(s.db.prepare('SELECT json FROM transactions WHERE id = ?').get(id)?.json as string);
}

describe('syncHistory', () => {
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
    const [tip, plain, later] = pendingIds(s, s.personal) as [string, string, string];
    s.mock.control.settleTransaction(tip, { amount: -4_321 });
    s.mock.control.settleTransaction(plain);
    const second = await s.sync();
    expect(second).toMatchObject({ inserted: 3, updated: 2, held: 5_003 });
    expect(stored(s, tip)).toMatchObject({ amount: -4_321, amount_is_pending: false });
    expect(stored(s, plain).settled).not.toBe('');
    expect(stored(s, later).settled).toBe('');

    // A day on, the card payments made above have settled by themselves; the last generated one is cleared.
    s.mock.control.advanceTime(DAY + 60_000);
    s.mock.control.settleTransaction(later);
    const third = await s.sync();
    expect(third).toMatchObject({ inserted: 0, updated: 3, held: 5_003 });
    for (const tx of made.filter((item) => item.merchant !== null)) {
      expect(stored(s, tx.id as string).settled).not.toBe('');
    }
    expect(pendingIds(s, s.personal)).toEqual([]);

    // Nothing doubled, nothing lost: the very ids the emulator has, and a rerun changes nothing.
    for (const account of s.open) expect(s.heldIds(account)).toEqual(await s.emulatorIds(account));
    expect(await s.sync()).toMatchObject({ inserted: 0, updated: 0, held: 5_003 });
    expect(s.notices).toEqual([]);
  });

  it('reads back exactly what the API returned, in the SDK shape, filtered and limited', async () => {
    const s = await fresh(250);
    await s.sync();
    const monzoIds = await s.emulatorIds(s.personal);
    const all = [...readTransactions(s.db, { account_id: s.personal })];
    expect(all.map((tx) => tx.id)).toEqual(monzoIds);
    expect(typeof all[0]?.merchant === 'object' || all[0]?.merchant === null).toBe(true);
    const middle = all[100] as { created: string };
    const last = all[200] as { created: string };
    const window = [
      ...readTransactions(s.db, {
        account_id: s.personal,
        since: new Date(middle.created),
        before: new Date(last.created),
      }),
    ];
    expect(window.map((tx) => tx.id)).toEqual(all.slice(100, 200).map((tx) => tx.id));
    const newest = [...readTransactions(s.db, { account_id: s.personal, limit: 5, newest: true })];
    expect(newest.map((tx) => tx.id)).toEqual(all.slice(-5).map((tx) => tx.id));
    const oldest = [...readTransactions(s.db, { account_id: s.personal, limit: 5 })];
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
    for (const account of s.open) expect(s.heldIds(account)).toEqual(await s.emulatorIds(account));
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
    expect(Number(s.db.prepare('SELECT COUNT(*) AS n FROM gaps').get()?.n)).toBe(2);

    await s.relogin();
    const filled = await s.sync();
    expect(filled).toMatchObject({ inserted: 0, held: 601 });
    expect(filled.accounts.every((account) => account.complete_since === null)).toBe(true);
    expect(Number(s.db.prepare('SELECT COUNT(*) AS n FROM gaps').get()?.n)).toBe(0);
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
    const held = s.heldIds(s.personal);
    const ids = await s.emulatorIds(s.personal);
    expect(held.slice(0, 300)).toEqual(ids.slice(0, 300));
    expect(held.length).toBeLessThan(ids.length);
    expect(held.slice(-100)).toEqual(ids.slice(-100));

    await s.relogin();
    await s.sync();
    expect(s.heldIds(s.personal)).toEqual(ids);
  });

  it('resumes after a failure part way without doubling anything', async () => {
    const s = await fresh(1_000);
    let pages = 0;
    s.intercept((next) => async (input, init) => {
      if (String(input).includes('/transactions?') && ++pages === 6) throw new TypeError('fetch failed');
      return next(input, init);
    });
    await expect(s.sync()).rejects.toThrow();
    expect(s.count()).toBe(500);
    s.intercept((next) => next);
    const resumed = await s.sync();
    expect(resumed.inserted).toBe(1_500);
    for (const account of s.open) expect(s.heldIds(account)).toEqual(await s.emulatorIds(account));
  });

  it('records accounts, pots and a balance snapshot per sync', async () => {
    const s = await fresh(50);
    await s.sync();
    s.mock.control.advanceTime(60_000);
    await s.sync();
    const count = (table: string) => Number(s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n);
    expect(count('accounts')).toBe(3);
    expect(count('pots')).toBe(s.mock.control.dataset().pots.length);
    expect(count('balances')).toBe(2 * s.open.length);
  });
});
