import { MonzoScaWindowError } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { example, session } from './test-support.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('the SCA window: the full history for 5 minutes after approval, then the last 90 days', () => {
  it('serves the whole history, from its first transaction, within 5 minutes of approval', async () => {
    const s = await session({ transactions: 400 });
    s.mock.control.advanceTime(4 * 60_000);
    const page = await s.get(`/transactions?account_id=${s.personal}&limit=5`);
    expect(page.status).toBe(200);
    const oldest = page.body.transactions[0];
    expect(Date.parse(oldest.created)).toBeLessThan(s.mock.control.now() - 390 * DAY);
    expect((await s.get(`/transactions/${oldest.id}`)).status).toBe(200);
    const before = await s.get(
      `/transactions?account_id=${s.personal}&since=${iso(0)}&before=${iso(s.mock.control.now() - 300 * DAY)}`,
    );
    expect(before.status).toBe(200);
  });

  it('after 5 minutes, refuses what reaches back past 90 days and serves what does not', async () => {
    const s = await session({ transactions: 400 });
    const first = (await s.get(`/transactions?account_id=${s.personal}&limit=1`)).body.transactions[0];
    s.mock.control.advanceTime(5 * 60_000 + 1);
    const now = s.mock.control.now();
    const recent = (
      await s.get(`/transactions?account_id=${s.personal}&since=${iso(now - 30 * DAY)}&limit=2`)
    ).body;
    const refused = async (path: string) => {
      const answer = await s.get(path);
      expect([answer.status, answer.body.code], path).toEqual([403, 'forbidden.verification_required']);
      expect(answer.body.message).toBe(example('error.verification-required.json').message);
    };
    await refused(`/transactions?account_id=${s.personal}`);
    await refused(`/transactions?account_id=${s.personal}&before=${iso(now)}`);
    await refused(`/transactions?account_id=${s.personal}&since=${iso(now - 91 * DAY)}`);
    await refused(`/transactions?account_id=${s.personal}&since=${first.id}`);
    await refused(
      `/transactions?account_id=${s.personal}&since=${iso(now - 30 * DAY)}&before=${iso(now - 95 * DAY)}`,
    );
    await refused(`/transactions/${first.id}`);

    const served = async (path: string) => expect((await s.get(path)).status, path).toBe(200);
    await served(`/transactions?account_id=${s.personal}&since=${iso(now - 89 * DAY)}`);
    await served(`/transactions?account_id=${s.personal}&since=${recent.transactions[0].id}`);
    await served(`/transactions?account_id=${s.personal}&since=${iso(now - 30 * DAY)}&before=${iso(now)}`);
    await served(`/transactions/${recent.transactions[1].id}`);
    // Balance, accounts and pots are not limited.
    await served(`/balance?account_id=${s.personal}`);
    await served('/accounts');
    await served(`/pots?current_account_id=${s.personal}`);
  });

  it('reaches the SDK as its SCA window error', async () => {
    const s = await session();
    s.mock.control.advanceTime(6 * 60_000);
    await expect(s.monzo.transactions.list({ account_id: s.personal })).rejects.toBeInstanceOf(
      MonzoScaWindowError,
    );
    const since = new Date(s.mock.control.now() - 60 * DAY);
    const page = await s.monzo.transactions.list({ account_id: s.personal, since, limit: 100 });
    expect(page.length).toBeGreaterThan(0);
    expect(page.every((tx) => Date.parse(tx.created) >= since.getTime())).toBe(true);
  });
});
