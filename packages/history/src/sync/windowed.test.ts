import { afterEach, describe, expect, it } from 'vitest';
import { describeProgress, type SyncProgress } from '../fetch/progress.js';
import { syncSetup } from './test-support.js';

type Setup = Awaited<ReturnType<typeof syncSetup>>;
const opened: Setup[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((setup) => setup.close()));
});

async function fresh(transactions: number): Promise<Setup> {
  const setup = await syncSetup({ transactions });
  opened.push(setup);
  return setup;
}

/** The status of every answer to `GET /transactions` from now on. */
function statuses(s: Setup): number[] {
  const seen: number[] = [];
  s.intercept((next) => async (input, init) => {
    const response = await next(input, init);
    if (String(input).includes('/transactions?')) seen.push(response.status);
    return response;
  });
  return seen;
}

describe('History.sync in windows', () => {
  it('takes a long history whole through random 5xx and 429 answers: each transaction once, as Monzo has it', async () => {
    const s = await fresh(3_000);
    s.mock.control.fault({ path: '/transactions', status: 503, probability: 0.08 });
    s.mock.control.fault({ path: '/transactions', status: 429, probability: 0.08 });
    s.mock.control.fault({ path: '/transactions', status: 500, probability: 0.04 });
    const seen = statuses(s);
    const summary = await s.sync();
    expect(seen.filter((status) => status >= 500).length).toBeGreaterThan(0);
    expect(seen.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(summary).toMatchObject({ inserted: 6_000, updated: 0, held: 6_000 });
    expect(summary.accounts.every((account) => account.full_history && account.gaps.length === 0)).toBe(true);
    expect(await s.history.gaps()).toEqual([]);
    s.mock.control.clearFaults();
    for (const account of s.open) expect(await s.heldIds(account)).toEqual(await s.emulatorIds(account));
  });

  it('reports progress over all accounts: transactions, the share done, the time left in the window', async () => {
    const s = await fresh(1_500);
    const approvedAt = s.mock.control.now() - 60_000;
    const seen: Array<{ fetched: number; share: number; detail: SyncProgress }> = [];
    await s.sync({
      approvedAt,
      progress: { update: (fetched, share, detail) => seen.push({ fetched, share, detail }) },
    });
    const last = seen.at(-1);
    expect(last?.share).toBe(1);
    expect(last?.detail.accounts).toEqual({ done: 2, total: 2 });
    expect(last?.fetched).toBeGreaterThanOrEqual(3_000);
    // Four minutes left of the five, by the run's clock (the emulator's).
    expect(seen[0]?.detail.timeLeftMs).toBeGreaterThan(200_000);
    expect(seen[0]?.detail.timeLeftMs).toBeLessThanOrEqual(240_000);
    expect(describeProgress(last?.detail as SyncProgress)).toMatch(
      /^2\/2 accounts · [\d,]+ transactions · [\d,]+\/s · [34]:\d\d left in the window$/,
    );
    for (let n = 1; n < seen.length; n++) {
      expect(seen[n]?.fetched).toBeGreaterThanOrEqual(seen[n - 1]?.fetched ?? 0);
    }
  });

  it('does not ask for what is older than 90 days once the window is known to be closed', async () => {
    const s = await fresh(900);
    s.closeWindow();
    const seen = statuses(s);
    // Approved six minutes ago (`closeWindow` moved the clock on so far).
    const summary = await s.sync({ approvedAt: s.mock.control.now() - 6 * 60_000 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((status) => status === 200)).toBe(true);
    expect(summary.accounts.every((account) => !account.full_history && account.complete_since)).toBe(true);
    expect(s.notices.join('\n')).toMatch(/only the last 90 days were reachable/);
    // What it did not ask for is a gap from the account's opening: a new login fills it.
    const [gap] = await s.history.gaps({ account_id: s.personal });
    const [personal] = (await s.history.accounts()).filter((account) => account.id === s.personal);
    expect(Date.parse(gap?.from ?? '')).toBeLessThanOrEqual(Date.parse(personal?.created ?? ''));
    await s.relogin();
    expect((await s.sync()).held).toBe(1_800);
  });

  it('refuses a concurrency that is not a whole number from 1 to 64, before any request', async () => {
    const s = await fresh(100);
    for (const concurrency of [0, 65, 1.5, Number.NaN]) {
      await expect(s.sync({ concurrency })).rejects.toMatchObject({
        code: 'BAD_OPTION',
        message: `concurrency: ${concurrency} is not a whole number of requests from 1 to 64`,
      });
    }
    await expect(s.sync({ approvedAt: Number.NaN })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(s.mock.control.counters().requests['GET /accounts']).toBeUndefined();
    const one = await s.sync({ concurrency: 1 });
    expect(one.held).toBe(200);
  });
});
