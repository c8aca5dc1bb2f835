import { beforeAll, describe, expect, it } from 'vitest';
import { example, inferSchema, type Session, session, shapeErrors } from './test-support.js';

/** The kinds of transaction the observed list shows, told apart as a client would. */
function kindOf(tx: { merchant: unknown; decline_reason?: string; scheme: string }): string {
  if (tx.decline_reason) return 'declined';
  if (tx.scheme === 'payport_faster_payments' && tx.merchant === null) return 'faster payment';
  return tx.scheme === 'mastercard' ? 'card' : 'other';
}

describe('responses carry every field of the observed examples, with the same types', () => {
  let s: Session;
  beforeAll(async () => {
    s = await session({ transactions: 300 });
  });

  it('GET /accounts: the personal, joint and closed accounts', async () => {
    const { status, body } = await s.get('/accounts');
    expect(status).toBe(200);
    const observed = example('accounts-list.observed.response.json');
    expect(shapeErrors(body, inferSchema([observed]))).toEqual([]);
    const [retail, , prepaid] = observed.accounts;
    const byType = (type: string) => body.accounts.find((account: { type: string }) => account.type === type);
    // Each of ours has every field of its observed counterpart: sort code and number on current accounts only.
    expect(shapeErrors(byType('uk_retail'), inferSchema([retail]))).toEqual([]);
    expect(shapeErrors(byType('uk_retail_joint'), inferSchema([retail]))).toEqual([]);
    expect(shapeErrors(byType('uk_prepaid'), inferSchema([prepaid]))).toEqual([]);
    expect(byType('uk_prepaid')).toMatchObject({ closed: true });
    expect(byType('uk_prepaid')).not.toHaveProperty('sort_code');
    expect(byType('uk_retail_joint').owners).toHaveLength(2);
  });

  it('GET /balance', async () => {
    const { status, body } = await s.get(`/balance?account_id=${s.personal}`);
    expect(status).toBe(200);
    expect(shapeErrors(body, inferSchema([example('balance.observed.response.json')]))).toEqual([]);
    expect(shapeErrors(body, inferSchema([example('balance.response.json')]))).toEqual([]);
  });

  it('GET /pots: open, locked and deleted pots', async () => {
    const { status, body } = await s.get(`/pots?current_account_id=${s.personal}`);
    expect(status).toBe(200);
    const observed = example('pots-list.observed.response.json');
    expect(shapeErrors(body, inferSchema([observed]))).toEqual([]);
    expect(shapeErrors(body, inferSchema([example('pots-list.response.json')]))).toEqual([]);
    const locked = body.pots.find((pot: { locked: boolean }) => pot.locked);
    expect(locked.locked_until).toEqual(expect.any(String));
    expect(Date.parse(locked.locked_until)).toBeGreaterThan(s.mock.control.now());
    expect(body.pots.filter((pot: { deleted: boolean }) => pot.deleted)).toHaveLength(1);
  });

  it('GET /transactions: card payments, Faster Payments and declined ones each match their observed twin', async () => {
    const { status, body } = await s.get(`/transactions?account_id=${s.personal}&limit=100`);
    expect(status).toBe(200);
    const observed = example('transactions-list.observed.response.json');
    expect(shapeErrors(body, inferSchema([observed]))).toEqual([]);
    for (const twin of observed.transactions) {
      const ours = body.transactions.find((tx: Parameters<typeof kindOf>[0]) => kindOf(tx) === kindOf(twin));
      expect(ours, kindOf(twin)).toBeDefined();
      // The exact field set, not only a superset: a client mapping every field sees the same object.
      expect(Object.keys(ours).sort()).toEqual(Object.keys(twin).sort());
      expect(shapeErrors(ours, inferSchema([twin]))).toEqual([]);
    }
  });

  it('GET /transactions/{id}?expand[]=merchant: the rich merchant', async () => {
    const list = await s.get(`/transactions?account_id=${s.personal}&limit=50`);
    const card = list.body.transactions.find((tx: { merchant: unknown }) => typeof tx.merchant === 'string');
    const { status, body } = await s.get(`/transactions/${card.id}?expand[]=merchant`);
    expect(status).toBe(200);
    const observed = example('transaction-get-expanded.observed.response.json');
    expect(shapeErrors(body, inferSchema([observed]))).toEqual([]);
    expect(shapeErrors(body, inferSchema([example('transaction-get-expanded.response.json')]))).toEqual([]);
    expect(Object.keys(body.transaction.merchant).sort()).toEqual(
      Object.keys(observed.transaction.merchant).sort(),
    );
  });

  it('timestamps are RFC 3339 UTC with milliseconds; settled is "" while pending', async () => {
    const { body } = await s.get(`/transactions?account_id=${s.personal}&limit=100`);
    // The last days of the history, where the last few card payments are still pending.
    const recent = new Date(s.mock.control.now() - 10 * 86_400_000).toISOString();
    const { body: last } = await s.get(`/transactions?account_id=${s.personal}&since=${recent}`);
    const stamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    for (const tx of [...body.transactions, ...last.transactions]) {
      expect(tx.created).toMatch(stamp);
      expect(tx.updated).toMatch(stamp);
      if (tx.settled !== '') expect(tx.settled).toMatch(stamp);
    }
    const pending = last.transactions.filter(
      (tx: { settled: string; decline_reason?: string }) => tx.settled === '' && !tx.decline_reason,
    );
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((tx: { amount_is_pending: boolean }) => tx.amount_is_pending)).toBe(true);
  });
});
