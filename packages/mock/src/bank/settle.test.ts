import { describe, expect, it } from 'vitest';
import { IN_PROCESS_URL } from '../sign-in.js';
import { sessionWithWorld } from './test-support.js';

const DAY = 86_400_000;

/** The last transactions of the generated history are card payments still pending. */
async function pendingOf(s: Awaited<ReturnType<typeof sessionWithWorld>>, accountId: string) {
  const list = (await s.get(`/transactions?account_id=${accountId}&limit=100`)).body.transactions as Array<
    Record<string, unknown>
  >;
  return list.filter((tx) => tx.settled === '' && tx.decline_reason === undefined);
}

describe('control.settleTransaction', () => {
  it('settles a generated pending payment: list and get show settled and updated, the balance is unchanged', async () => {
    const s = await sessionWithWorld({ transactions: 100 });
    const [pending] = await pendingOf(s, s.personal);
    if (!pending) throw new Error('the history ends with pending card payments');
    const balance = (await s.get(`/balance?account_id=${s.personal}`)).body.balance;

    s.mock.control.advanceTime(60_000);
    // The emulator's clock runs in real time: the settlement is stamped between the two readings.
    const before = s.mock.control.now();
    const settled = s.mock.control.settleTransaction(pending.id as string);
    const after = s.mock.control.now();
    expect(settled).toMatchObject({ id: pending.id, amount_is_pending: false });
    const settledAt = Date.parse(settled.settled as string);
    expect(settledAt).toBeGreaterThanOrEqual(before);
    expect(settledAt).toBeLessThanOrEqual(after);
    expect(Date.parse(settled.updated as string)).toBeGreaterThan(Date.parse(pending.updated as string));

    const listed = (await s.get(`/transactions?account_id=${s.personal}&limit=100`)).body.transactions.find(
      (tx: { id: string }) => tx.id === pending.id,
    );
    expect(listed).toEqual(settled);
    const got = (await s.get(`/transactions/${pending.id}`)).body.transaction;
    expect(got).toEqual(settled);
    expect({ ...got, settled: '', updated: pending.updated, amount_is_pending: true }).toEqual(pending);
    expect((await s.get(`/balance?account_id=${s.personal}`)).body.balance).toBe(balance);
  });

  it('clears at another amount when asked, and the balance moves by the difference', async () => {
    const s = await sessionWithWorld({ transactions: 100, tokenTtlSeconds: 7 * 86_400 });
    const made = s.mock.control.createTransaction({ amount: -2_000 });
    const balance = (await s.get(`/balance?account_id=${s.personal}`)).body.balance;
    const at = s.mock.control.now();
    s.mock.control.advanceTime(3_600_000);

    const settled = s.mock.control.settleTransaction(made.id as string, { at, amount: -2_300 });
    expect(settled).toMatchObject({
      amount: -2_300,
      local_amount: -2_300,
      settled: new Date(at).toISOString(),
    });
    expect((await s.get(`/balance?account_id=${s.personal}`)).body.balance).toBe(balance - 300);
    // Still settled as asked after the day at which it would have settled by itself.
    s.mock.control.advanceTime(DAY);
    expect((await s.get(`/transactions/${made.id}`)).body.transaction).toMatchObject({
      amount: -2_300,
      settled: new Date(at).toISOString(),
    });
  });

  it('refuses a settled, a declined or an unknown transaction, and a time outside its life', async () => {
    const s = await sessionWithWorld({ transactions: 100 });
    const { control } = s.mock;
    const settled = (await s.get(`/transactions?account_id=${s.personal}&limit=5`)).body.transactions.find(
      (tx: { settled: string }) => tx.settled !== '',
    );
    expect(() => control.settleTransaction(settled.id)).toThrow(/already settled/);
    const declined = control.createTransaction({ amount: -500, decline_reason: 'INSUFFICIENT_FUNDS' });
    expect(() => control.settleTransaction(declined.id as string)).toThrow(/never settles/);
    expect(() => control.settleTransaction('tx_0000nothing')).toThrow(/No such transaction/);
    const made = control.createTransaction({ amount: -500 });
    expect(() => control.settleTransaction(made.id as string, { at: control.now() + 1 })).toThrow(
      /up to now/,
    );
  });

  it('has an HTTP twin: POST /_mock/transactions/:id/settle', async () => {
    const s = await sessionWithWorld({ transactions: 100 });
    const made = s.mock.control.createTransaction({ amount: -700 });
    const answer = await s.mock.fetch(`${IN_PROCESS_URL}/_mock/transactions/${made.id}/settle`, {
      method: 'POST',
      body: JSON.stringify({ amount: -750 }),
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { transaction: Record<string, unknown> };
    expect(body.transaction).toMatchObject({ id: made.id, amount: -750, amount_is_pending: false });
    const again = await s.mock.fetch(`${IN_PROCESS_URL}/_mock/transactions/${made.id}/settle`, {
      method: 'POST',
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { code: string }).code).toBe('bad_request.transaction_settled');
  });
});
