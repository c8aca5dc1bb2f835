import type { MockTransaction } from './bank-types.js';
import type { AccountRecord } from './dataset.js';
import type { TransactionGenerator } from './generator.js';
import { iso } from './shape.js';

/** A transaction made after start (pot move, `createTransaction`), with what the balance needs to know of it. */
export interface Later {
  tx: MockTransaction;
  created: number;
  /** What it adds to the balance: 0 when declined. */
  counted: number;
  /** What it adds to `spend_today`: its amount when a debit that counts in spending, else 0. */
  spending: number;
  /** A pending card payment settles at this time as the clock passes it. */
  settlesAt?: number;
}

/**
 * One account's history: positions `0 … generated − 1` are derived by the generator, the rest were made later
 * and are held here. `created` never decreases with the position, so times map to positions by binary search.
 */
export class Ledger {
  readonly account: AccountRecord;
  readonly generated: number;
  readonly #generator: TransactionGenerator | undefined;
  readonly #generatedSum: number;
  readonly #later: Later[] = [];
  #laterSum = 0;
  /** What payments cleared at another amount than authorised changed (`Bank.settleTransaction`). */
  #adjustments = 0;
  #spendCache: { dayStart: number; value: number } | undefined;

  constructor(account: AccountRecord, generator: TransactionGenerator | undefined) {
    this.account = account;
    this.#generator = generator;
    this.generated = generator?.count ?? 0;
    this.#generatedSum = generator?.total() ?? 0;
  }

  /** How many transactions the account has. */
  get total(): number {
    return this.generated + this.#later.length;
  }

  /** Every amount that was not declined, pending ones and pot transfers included, as cleared. */
  get balance(): number {
    return this.#generatedSum + this.#laterSum + this.#adjustments;
  }

  /** The transaction at a position, as stored (no annotations, merchant as an id). */
  at(position: number, now: number): MockTransaction {
    if (position < this.generated) return (this.#generator as TransactionGenerator).build(position);
    const later = this.#later[position - this.generated] as Later;
    if (later.settlesAt === undefined || now < later.settlesAt) return later.tx;
    return {
      ...later.tx,
      settled: iso(later.settlesAt),
      updated: iso(later.settlesAt + 356),
      amount_is_pending: false,
    };
  }

  createdAt(position: number): number {
    if (position < this.generated) return (this.#generator as TransactionGenerator).created(position);
    return (this.#later[position - this.generated] as Later).created;
  }

  /** The first position created at or after `time` (`total` when none). */
  lowerBound(time: number): number {
    if (this.generated > 0 && time <= this.createdAt(this.generated - 1)) {
      return (this.#generator as TransactionGenerator).lowerBound(time);
    }
    let low = 0;
    let high = this.#later.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#later[middle] as Later).created < time) low = middle + 1;
      else high = middle;
    }
    return this.generated + low;
  }

  /** When the newest transaction was made, so that a later one never goes before it. */
  lastCreated(): number {
    return this.total === 0 ? Number.NEGATIVE_INFINITY : this.createdAt(this.total - 1);
  }

  /** Appends a transaction made now. */
  append(later: Later): void {
    this.#later.push(later);
    this.#laterSum += later.counted;
  }

  /** A payment cleared at another amount than authorised: the balance moves by the difference. */
  adjust(delta: number): void {
    this.#adjustments += delta;
  }

  /**
   * Spending since `dayStart`: the generated part is computed once per day (a day of a million-transaction
   * history is a few thousand hashes), the later part read from the end.
   */
  spendSince(dayStart: number): number {
    if (this.#spendCache?.dayStart !== dayStart) {
      const generator = this.#generator;
      const value = generator ? generator.spending(generator.lowerBound(dayStart), generator.count) : 0;
      this.#spendCache = { dayStart, value };
    }
    let spend = this.#spendCache.value;
    for (let i = this.#later.length - 1; i >= 0; i--) {
      const later = this.#later[i] as Later;
      if (later.created < dayStart) break;
      spend += later.spending;
    }
    return spend;
  }
}
