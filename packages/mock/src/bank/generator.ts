import { hash, pick, unit } from '../core/random.js';
import type { MockTransaction } from './bank.js';
import type { AccountRecord } from './dataset.js';
import { idTail, transactionId } from './ids.js';
import {
  type Counterparty,
  cardPayment,
  fasterPayment,
  potTransfer,
  type TransactionBase,
  topUp,
} from './kinds.js';
import type { CatalogueMerchant } from './merchants.js';
import { transactionShape } from './shape.js';

const DAY = 86_400_000;
/** The history covers the ~400 days before the dataset's `now`. */
export const HISTORY_SPAN_MS = 400 * DAY;
/** The history ends this long before `now`, so nothing generated is in the future. */
const HISTORY_GAP_MS = 10 * 60_000;
/**
 * Every block of 32 transactions ends with a transfer that brings the block's net to zero (a salary in, or
 * rent out). The sum of the whole history is then the sum of the last, incomplete block alone: the balance is
 * consistent with a million transactions after deriving at most 31 of them.
 */
export const BLOCK = 32;
/** The last few transactions are card payments still pending (`settled: ""`). */
const PENDING = 3;

const DECLINE_REASONS = [
  'INSUFFICIENT_FUNDS',
  'CARD_INACTIVE',
  'CARD_BLOCKED',
  'INVALID_CVC',
  'OTHER',
  'INVALID_PIN',
];
const REFERENCES = [
  'RENT SHARE',
  'DINNER',
  'Thanks!',
  'TICKETS',
  'BIRTHDAY',
  'PETROL MONEY',
  'HOLIDAY SHARE',
];
const FRIENDS = ['John Smith', 'Aisha Begum', 'Liam Walsh', 'Sofia Rossi', 'Ben Carter'];
const EMPLOYER: Omit<Counterparty, 'anonUserId'> = {
  name: 'ACME LTD',
  accountNumber: '31926819',
  sortCode: '200000',
};
const LANDLORD: Omit<Counterparty, 'anonUserId'> = {
  name: 'Kensington Lettings',
  accountNumber: '55779911',
  sortCode: '309634',
};

type Kind = 'card' | 'declined' | 'topup' | 'fps' | 'pot' | 'balance';

/** Salts of the per-transaction choices. */
const S = {
  time: 101,
  kind: 102,
  merchant: 103,
  amount: 104,
  custom: 105,
  settle: 106,
  who: 107,
  pot: 108,
  reason: 109,
};

export interface GeneratorConfig {
  seed: number;
  account: AccountRecord;
  /** How many transactions the history has. */
  count: number;
  /** The dataset's `now`: the history ends just before it. */
  end: number;
  merchants: readonly CatalogueMerchant[];
  customCategories: readonly string[];
  /** The account's open pots, for pot transfers. */
  potIds: readonly string[];
}

/**
 * Transaction `i` of one account, derived from (seed, account, i) alone: nothing is stored per transaction,
 * so a million cost no memory, and any one of them costs a few hashes (a block's last, 31 more).
 */
export class TransactionGenerator {
  readonly count: number;
  readonly #config: GeneratorConfig;
  readonly #seed: number;
  readonly #slot: number;
  readonly #start: number;
  readonly #step: number;

  constructor(config: GeneratorConfig) {
    this.#config = config;
    this.count = config.count;
    this.#seed = config.seed;
    this.#slot = config.account.slot;
    this.#start = config.end - HISTORY_GAP_MS - HISTORY_SPAN_MS;
    this.#step = HISTORY_SPAN_MS / Math.max(1, config.count);
  }

  /** When transaction `i` happened (epoch ms): non-decreasing in `i`, each in its own slice of the span. */
  created(i: number): number {
    return this.#start + Math.floor((i + 0.1 + 0.8 * unit(this.#seed, this.#slot, i, S.time)) * this.#step);
  }

  /** The first index whose `created` is at or after `time` (`count` if none): a binary search, ~20 hashes. */
  lowerBound(time: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.created(middle) < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Sum of the amounts over `[from, to)` that count in the balance (declined ones do not). */
  sum(from: number, to: number): number {
    let total = 0;
    for (let i = from; i < to; i++) total += this.#counted(i);
    return total;
  }

  /** The sum of the whole history, from its last incomplete block (see `BLOCK`). */
  total(): number {
    return this.sum(this.count - (this.count % BLOCK), this.count);
  }

  /** Spending over `[from, to)`: debits that count in spending (card payments, money sent), ≤ 0. */
  spending(from: number, to: number): number {
    let total = 0;
    for (let i = from; i < to; i++) {
      const kind = this.#kind(i);
      const amount = this.#amount(i, kind);
      if (amount < 0 && (kind === 'card' || kind === 'balance')) total += amount;
    }
    return total;
  }

  /** Transaction `i` with every observed field. */
  build(i: number): MockTransaction {
    const { seed, account, customCategories, potIds } = this.#config;
    const slot = this.#slot;
    const kind = this.#kind(i);
    const amount = this.#amount(i, kind);
    const created = this.created(i);
    const pending = kind === 'card' && i >= this.count - PENDING;
    const delay = 3 * 3_600_000 + Math.floor(unit(seed, slot, i, S.settle) * 27 * 3_600_000);
    const base: TransactionBase = {
      id: transactionId(seed, slot, i),
      created,
      accountId: account.id,
      userId: pick(account.owners, seed, slot, i, S.who).id,
      currency: 'GBP',
      // Settlement never lands after the dataset's `now`.
      settled: pending ? undefined : Math.min(created + delay, this.#config.end - 1_000),
    };
    switch (kind) {
      case 'card':
      case 'declined': {
        const custom = unit(seed, slot, i, S.custom) < 0.06 && customCategories.length > 0;
        return transactionShape(
          cardPayment(base, this.#merchant(i), amount, {
            cardId: account.cardId,
            category: custom ? pick(customCategories, seed, slot, i, S.custom) : undefined,
            declineReason: kind === 'declined' ? pick(DECLINE_REASONS, seed, slot, i, S.reason) : undefined,
          }),
        );
      }
      case 'topup':
        return transactionShape(topUp(base, amount, account.cardLastFour));
      case 'pot': {
        const potId = pick(potIds, seed, slot, i, S.pot);
        return transactionShape(potTransfer(base, amount, potId, `pottransfer_${idTail(base.id)}`));
      }
      case 'fps': {
        const name = pick(FRIENDS, seed, slot, i, S.who);
        const anonUserId = anonymous(seed, name);
        const accountNumber = String(
          10_000_000 + (hash(seed, anonUserId.length, name.charCodeAt(0)) % 90_000_000),
        );
        const party = { name, accountNumber, sortCode: '987654', anonUserId };
        return transactionShape(
          fasterPayment(base, amount, party, pick(REFERENCES, seed, slot, i, S.amount)),
        );
      }
      case 'balance': {
        const party = amount >= 0 ? EMPLOYER : LANDLORD;
        const reference = amount >= 0 ? `SALARY ${party.name}` : 'RENT';
        return transactionShape(
          fasterPayment(base, amount, { ...party, anonUserId: anonymous(seed, party.name) }, reference),
        );
      }
    }
  }

  #kind(i: number): Kind {
    if (i % BLOCK === BLOCK - 1) return 'balance';
    if (i >= this.count - PENDING) return 'card';
    const u = unit(this.#seed, this.#slot, i, S.kind);
    if (u < 0.7) return 'card';
    if (u < 0.74) return 'declined';
    if (u < 0.8) return 'topup';
    if (u < 0.88) return 'fps';
    return this.#config.potIds.length > 0 ? 'pot' : 'card';
  }

  #merchant(i: number): CatalogueMerchant {
    return pick(this.#config.merchants, this.#seed, this.#slot, i, S.merchant);
  }

  #amount(i: number, kind: Kind): number {
    const h = hash(this.#seed, this.#slot, i, S.amount);
    switch (kind) {
      case 'card':
      case 'declined': {
        const merchant = this.#merchant(i);
        return -(merchant.min + (h % (merchant.max - merchant.min + 1)));
      }
      case 'topup':
        return 1_000 + (h % 40) * 500;
      case 'fps':
        return 500 + (h % 30_000);
      case 'pot': {
        const size = 500 + (h % 10_000);
        return unit(this.#seed, this.#slot, i, S.pot) < 0.7 ? -size : size;
      }
      case 'balance':
        return -this.sum(i - (BLOCK - 1), i);
    }
  }

  #counted(i: number): number {
    const kind = this.#kind(i);
    return kind === 'declined' ? 0 : this.#amount(i, kind);
  }
}

/** A counterparty's anonymised user id (`anonuser_…`, as observed): the same for the same name and seed. */
function anonymous(seed: number, name: string): string {
  let h = seed;
  for (let k = 0; k < name.length; k++) h = hash(h, name.charCodeAt(k));
  return `anonuser_${h.toString(16).padStart(8, '0')}a89b123456cd7e8`;
}
