import { describe, expect, it } from 'vitest';
import { World } from '../world.js';
import type { MockTransaction } from './bank-types.js';
import { BLOCK, HISTORY_SPAN_MS } from './generator.js';
import { parseTransactionId, transactionId } from './ids.js';

const NOW = Date.UTC(2026, 0, 15, 12);

/** The pot a transaction moves money with, if it is a pot transfer. */
const potOf = (tx: MockTransaction) => (tx.metadata as Record<string, string>).pot_id;

function bankOf(seed: number, transactions: number) {
  const world = new World({ seed, transactions, now: NOW });
  const { bank } = world;
  const [personal, joint, closed] = bank.summary().accounts.map((account) => bank.ledger(account.id));
  if (!personal || !joint || !closed) throw new Error('the dataset lacks an account');
  return { world, bank, personal, joint, closed, now: world.clock.now() };
}

describe('the generated history', () => {
  it('is derived from the seed: the same seed gives the same data, another seed other data', () => {
    const one = bankOf(7, 200);
    const again = bankOf(7, 200);
    const other = bankOf(8, 200);
    expect(again.bank.summary()).toEqual(one.bank.summary());
    for (const position of [0, 31, 150, 199]) {
      expect(again.personal.at(position, again.now)).toEqual(one.personal.at(position, one.now));
    }
    expect(other.bank.userId).not.toBe(one.bank.userId);
    expect(other.personal.at(10, other.now).amount).not.toBe(one.personal.at(10, one.now).amount);
    expect(other.bank.balance(other.personal.account.id)).not.toEqual(
      one.bank.balance(one.personal.account.id),
    );
  });

  it('spreads over the ~400 days before now, oldest first, and never after now', () => {
    const { personal, now } = bankOf(1, 500);
    const times = Array.from({ length: 500 }, (_, i) => Date.parse(personal.at(i, now).created));
    expect(times[0]).toBeGreaterThanOrEqual(NOW - HISTORY_SPAN_MS - 3_600_000);
    expect(times[0]).toBeLessThan(NOW - HISTORY_SPAN_MS + 86_400_000);
    expect(times.at(-1)).toBeLessThan(NOW);
    expect(times.at(-1)).toBeGreaterThan(NOW - 3 * 86_400_000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
    for (let i = 0; i < times.length; i++) expect(personal.createdAt(i)).toBe(times[i]);
  });

  it('mixes card payments, custom categories, declined, pending, top-ups, Faster Payments and pot transfers', () => {
    const { personal, now } = bankOf(1, 600);
    const all = Array.from({ length: 600 }, (_, i) => personal.at(i, now));
    const some = (test: (tx: (typeof all)[number]) => boolean) => all.filter(test).length;
    expect(some((tx) => tx.scheme === 'mastercard' && typeof tx.merchant === 'string')).toBeGreaterThan(300);
    expect(some((tx) => String(tx.category).startsWith('category_0000'))).toBeGreaterThan(0);
    expect(some((tx) => typeof tx.decline_reason === 'string' && tx.settled === '')).toBeGreaterThan(0);
    expect(
      some((tx) => tx.is_load === true && tx.category === 'mondo' && (tx.amount as number) > 0),
    ).toBeGreaterThan(0);
    expect(
      some((tx) => tx.scheme === 'payport_faster_payments' && tx.merchant === null && tx.amount > 0),
    ).toBeGreaterThan(0);
    expect(some((tx) => tx.scheme === 'uk_retail_pot' && tx.merchant === null)).toBeGreaterThan(0);
    // Pending: the last few card payments, authorised but not settled.
    const pending = all.filter((tx) => tx.settled === '' && tx.decline_reason === undefined);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((tx) => all.indexOf(tx) >= 597 && tx.amount_is_pending === true)).toBe(true);
  });

  it('opens with a salary and a deposit into each pot, then closes every block of 32 at zero, pots included', () => {
    const { bank, personal, now } = bankOf(3, 200);
    const counted = (i: number) => {
      const tx = personal.at(i, now);
      return tx.decline_reason === undefined ? tx.amount : 0;
    };
    const pots = bank.potsOf(personal.account.id).filter((pot) => !pot.deleted);
    const opening = Array.from({ length: 1 + pots.length }, (_, i) => personal.at(i, now));
    expect(opening[0]).toMatchObject({ category: 'income', scheme: 'payport_faster_payments' });
    expect(opening.slice(1).map(potOf)).toEqual(pots.map((pot) => pot.id));
    expect(opening.slice(1).every((tx) => tx.amount < 0)).toBe(true);
    const float = opening.reduce((sum, tx) => sum + tx.amount, 0);
    expect(float).toBeGreaterThan(100_000);
    let paired = 0;
    for (let block = 0; block + BLOCK <= 200; block += BLOCK) {
      let sum = 0;
      const moves = new Map<string, number>();
      for (let i = Math.max(block, opening.length); i < block + BLOCK; i++) {
        const tx = personal.at(i, now);
        const pot = potOf(tx);
        if (pot === undefined) continue;
        moves.set(pot, (moves.get(pot) ?? 0) + tx.amount);
        paired++;
      }
      for (let i = block; i < block + BLOCK; i++) sum += counted(i);
      // The first block keeps what the opening left in the account; every block gives each pot back its moves.
      expect(sum).toBe(block === 0 ? float : 0);
      expect([...moves.values()].every((net) => net === 0)).toBe(true);
    }
    expect(paired).toBeGreaterThan(4);
    expect(personal.balance).toBe(Array.from({ length: 200 }, (_, i) => counted(i)).reduce((a, b) => a + b));
  });

  it('gives each block the same balancing transfer, its block derived in order, out of order or in part', () => {
    const { personal, now } = bankOf(4, 400);
    const inOrder = Array.from({ length: 400 }, (_, i) => personal.at(i, now).amount);
    // Backwards; from the middle of blocks, with gaps, a block's end alone, repeats; then scattered.
    const order = [
      ...Array.from({ length: 400 }, (_, i) => 399 - i),
      ...[40, 41, 42, 63, 95, 64, 65, 70, 71, 127, 127, 128, 129, 159, 31, 0, 1, 2, 191],
      ...Array.from({ length: 400 }, (_, i) => (i * 7) % 400),
    ];
    const wrong = order.filter((i) => personal.at(i, now).amount !== inOrder[i]);
    expect(wrong).toEqual([]);
  });

  it('gives the joint account its own history, both owners paying, and the closed account none', () => {
    const { joint, closed, bank, now } = bankOf(1, 300);
    expect(closed.total).toBe(0);
    expect(joint.total).toBe(300);
    const owners = new Set(Array.from({ length: 300 }, (_, i) => joint.at(i, now).user_id).filter(Boolean));
    expect(owners.size).toBe(2);
    expect(joint.at(0, now).account_id).toBe(joint.account.id);
    expect(
      bank.pot(bank.summary().pots.find((pot) => pot.current_account_id === joint.account.id)?.id ?? ''),
    ).toBeDefined();
  });

  it('encodes the account and position in the id, and refuses ids it never made', () => {
    const id = transactionId(5, 1, 987_654);
    expect(id).toMatch(/^tx_0000[0-9A-Za-z]{18}$/);
    expect(parseTransactionId(5, id)).toEqual({ slot: 1, index: 987_654 });
    expect(parseTransactionId(6, id)).toBeUndefined();
    expect(parseTransactionId(5, `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(parseTransactionId(5, 'tx_00008zjky19HyFLAzlUk7t')).toBeUndefined();
    const { bank, personal, now } = bankOf(1, 100);
    expect(bank.locate(personal.at(42, now).id)).toEqual({ ledger: personal, position: 42 });
    expect(bank.locate(transactionId(1, 0, 100))).toBeUndefined();
  });

  it('finds a time by binary search, agreeing with a scan', () => {
    const { personal, now } = bankOf(2, 400);
    for (const time of [0, NOW - 200 * 86_400_000, Date.parse(personal.at(123, now).created), NOW + 1]) {
      let expected = 0;
      while (expected < 400 && personal.createdAt(expected) < time) expected++;
      expect(personal.lowerBound(time)).toBe(expected);
    }
  });
});
