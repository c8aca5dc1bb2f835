import type { MockTransaction } from './bank-types.js';
import { buildTransaction } from './build.js';
import { DECLINE_REASONS, Draw, FRIENDS, type Kind, type Parties, partiesOf, REFERENCES } from './choices.js';
import type { GeneratorConfig } from './generator-config.js';
import { checkHalf, checkState } from './ids.js';
import type { CatalogueMerchant } from './merchants.js';
import { draw, HASH_START, mix, remainder } from './mix.js';
import { Opening } from './opening.js';

export type { GeneratorConfig };

const DAY = 86_400_000;
/** The history covers the ~400 days before the dataset's `now`. */
export const HISTORY_SPAN_MS = 400 * DAY;
/** The history ends this long before `now`, so nothing generated is in the future. */
const HISTORY_GAP_MS = 10 * 60_000;
/**
 * Every block of 32 transactions ends with a transfer that brings the block's net to zero (a salary in, or
 * rent out), the first block's to what its opening brought in (see `Opening`). The sum of the whole history is
 * then that opening plus the sum of the last, incomplete block: the balance is the sum of a million
 * transactions after deriving at most 31 of them.
 */
export const BLOCK = 32;
/**
 * A pot transfer in a block's first half is matched, this many positions later, by the move back of the same
 * amount with the same pot: every block leaves each pot as it found it, so a pot's balance is what the
 * history's opening put in and what the last few pairs, whose move back would come after the end, moved.
 */
const HALF = BLOCK / 2;
const UNIT = 4_294_967_296;
/** A draw of `S.kind` at or above this is a pot transfer (12%), where one can be. */
const POT = 0.88 * UNIT;
/** The last few transactions are card payments still pending (`settled: ""`). */
const PENDING = 3;

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

/**
 * Transaction `i` of one account, derived from (seed, account, i) alone: nothing is stored per transaction,
 * so a million cost no memory, and any one of them costs a few hash rounds (a block's last, 31 more).
 */
export class TransactionGenerator {
  readonly count: number;
  readonly config: GeneratorConfig;
  readonly parties: Parties;
  readonly #slot: number;
  readonly #start: number;
  readonly #step: number;
  /** The hash state after (seed, slot): every choice of this account continues from it (see `mix.ts`). */
  readonly #stem: number;
  /** Scratch for `build`. */
  readonly #scratch = new Draw();
  /**
   * The balance-counted sum of the amounts `draw` derived in a row since a block's start, up to `#runNext`: a
   * page derives a block's transactions in order, so its balancing transfer then needs no second pass over
   * them (a pass cost a third of deriving a page).
   */
  #runFrom = -1;
  #runNext = -1;
  #runSum = 0;
  /** Positions `0 … opening.length − 1`: the money the history holds comes in there. */
  readonly opening: Opening;
  /** `opening.length`. */
  readonly #lead: number;
  /** Where the pending card payments start. */
  readonly #pendingFrom: number;
  /** Pot pairs open before this position: the pending payments, or 0 for an account without pots. */
  readonly #opensBefore: number;
  /** Moves back come from this position on: after the opening's, never without pots. */
  readonly #backFrom: number;
  /** What each pot holds after the history (see `potBalance`). */
  readonly #potsEnd: number[];

  constructor(config: GeneratorConfig) {
    this.config = config;
    this.count = config.count;
    this.#slot = config.account.slot;
    this.#start = config.end - HISTORY_GAP_MS - HISTORY_SPAN_MS;
    this.#step = HISTORY_SPAN_MS / Math.max(1, config.count);
    this.#stem = mix(mix(HASH_START, config.seed), this.#slot);
    this.parties = partiesOf(config.seed);
    this.opening = new Opening(config.count, config.float, config.potOpenings);
    this.#lead = this.opening.length;
    this.#pendingFrom = config.count - PENDING;
    const pots = config.potIds.length > 0;
    this.#opensBefore = pots ? this.#pendingFrom : 0;
    this.#backFrom = pots ? this.#lead + HALF : Number.POSITIVE_INFINITY;
    this.#potsEnd = config.potIds.map((_, k) => this.opening.potBalance(k));
    // The pairs whose move back would come after the history: their money stays in the pot.
    for (let i = Math.max(this.#lead, this.#pendingFrom - HALF); i < this.#pendingFrom; i++) {
      const state = mix(this.#stem, i);
      if (remainder(i, BLOCK) >= HALF || this.#kind(i, state) !== 'pot') continue;
      const k = remainder(draw(state, S.pot), config.potIds.length);
      this.#potsEnd[k] = (this.#potsEnd[k] as number) - this.#potAmount(i, state);
    }
  }

  /** Pot `k`'s balance after the history: the sum of its moves (opening deposit, pairs left open at the end). */
  potBalance(k: number): number {
    return this.#potsEnd[k] ?? 0;
  }

  /** When transaction `i` happened (epoch ms): non-decreasing in `i`, each in its own slice of the span. */
  created(i: number): number {
    return this.#created(i, mix(this.#stem, i));
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
    for (let i = from; i < to; i++) {
      const state = mix(this.#stem, i);
      const kind = this.#kind(i, state);
      if (kind === 'declined') continue;
      total += this.#amount(i, state, kind, kind === 'card' ? this.#merchant(state) : 0);
    }
    return total;
  }

  /** The sum of the whole history: the opening's net, kept by block 0, and the last incomplete block. */
  total(): number {
    const tail = this.count - (this.count % BLOCK);
    return (tail > 0 ? this.opening.net : 0) + this.sum(tail, this.count);
  }

  /** Spending over `[from, to)`: debits that count in spending (card payments, money sent), ≤ 0. */
  spending(from: number, to: number): number {
    let total = 0;
    for (let i = from; i < to; i++) {
      const state = mix(this.#stem, i);
      const kind = this.#kind(i, state);
      if (kind !== 'card' && kind !== 'balance') continue;
      const amount = this.#amount(i, state, kind, kind === 'card' ? this.#merchant(state) : 0);
      if (amount < 0) total += amount;
    }
    return total;
  }

  /** Transaction `i`'s choices, into `out`; those its kind does not use are left at 0. */
  draw(i: number, out: Draw): Draw {
    const { config } = this;
    const state = mix(this.#stem, i);
    const kind = this.#kind(i, state);
    const created = this.#created(i, state);
    const card = kind === 'card' || kind === 'declined';
    const merchant = card ? this.#merchant(state) : 0;
    const who = draw(state, S.who);
    const pending = kind === 'card' && i >= this.count - PENDING;
    const check = checkState(i, state);
    out.kind = kind;
    out.checkA = checkHalf(check, 0);
    out.checkB = checkHalf(check, 1);
    const ran = kind === 'balance' && this.#runNext === i && this.#runFrom === i - (BLOCK - 1);
    const amount = ran ? this.#openingKept(i) - this.#runSum : this.#amount(i, state, kind, merchant);
    if (remainder(i, BLOCK) === 0) {
      this.#runFrom = i;
      this.#runNext = i;
      this.#runSum = 0;
    }
    if (this.#runNext === i) {
      if (kind !== 'declined') this.#runSum += amount;
      this.#runNext = i + 1;
    }
    out.amount = amount;
    out.created = created;
    // Settlement never lands after the dataset's `now`; a declined payment never settles.
    if (pending || kind === 'declined') out.settled = undefined;
    else {
      const delay = 3 * 3_600_000 + Math.floor((draw(state, S.settle) / UNIT) * 27 * 3_600_000);
      out.settled = Math.min(created + delay, config.end - 1_000);
    }
    out.pending = pending;
    out.owner = remainder(who, config.account.owners.length);
    out.friend = remainder(who, FRIENDS.length);
    out.merchant = merchant;
    out.custom = -1;
    out.reason = 0;
    out.pot = 0;
    out.reference = 0;
    if (card) {
      const custom = draw(state, S.custom);
      const categories = config.customCategories.length;
      if (custom / UNIT < 0.06 && categories > 0) out.custom = remainder(custom, categories);
      if (kind === 'declined') out.reason = remainder(draw(state, S.reason), DECLINE_REASONS.length);
    } else if (kind === 'pot') {
      out.pot = i < this.#lead ? i - 1 : remainder(draw(this.#source(i, state), S.pot), config.potIds.length);
    } else if (kind === 'fps') out.reference = remainder(draw(state, S.amount), REFERENCES.length);
    return out;
  }

  /** Transaction `i` with every observed field. */
  build(i: number): MockTransaction {
    return buildTransaction(this.config, this.parties, i, this.draw(i, this.#scratch));
  }

  #created(i: number, state: number): number {
    const u = draw(state, S.time) / UNIT;
    return this.#start + Math.floor((i + 0.1 + 0.8 * u) * this.#step);
  }

  #kind(i: number, state: number): Kind {
    const r = remainder(i, BLOCK);
    if (r === BLOCK - 1 || i < this.#lead || i >= this.#pendingFrom) return this.#edgeKind(i, r);
    // The move back of a pair opened HALF positions before (in the same block: `r` ≤ 30 here).
    if (r >= HALF && i >= this.#backFrom && draw(mix(this.#stem, i - HALF), S.kind) >= POT) return 'pot';
    const u = draw(state, S.kind);
    if (u < 0.7 * UNIT) return 'card';
    if (u < 0.74 * UNIT) return 'declined';
    if (u < 0.8 * UNIT) return 'topup';
    if (u < POT) return 'fps';
    // A pair opens where its move back fits in the block; near the end, the move back may never come.
    return r < HALF - 1 && i < this.#opensBefore ? 'pot' : 'card';
  }

  /** The kind at a position the draw does not choose: the opening, a block's end, the pending payments. */
  #edgeKind(i: number, r: number): Kind {
    if (i < this.#lead) return i === 0 ? 'balance' : 'pot';
    return r === BLOCK - 1 ? 'balance' : 'card';
  }

  /** The state a pot transfer's choices come from: its own, or for a move back, its pair's. */
  #source(i: number, state: number): number {
    return remainder(i, BLOCK) < HALF ? state : mix(this.#stem, i - HALF);
  }

  /** What block 0's balancing transfer leaves of the opening: the float, or nothing in any other block. */
  #openingKept(i: number): number {
    return i === BLOCK - 1 ? this.opening.net : 0;
  }

  /** Into the merchants: where a card payment is made. */
  #merchant(state: number): number {
    return remainder(draw(state, S.merchant), this.config.merchants.length);
  }

  /** The amount, given the merchant's index for a card payment. */
  #amount(i: number, state: number, kind: Kind, merchantIndex: number): number {
    const h = draw(state, S.amount);
    switch (kind) {
      case 'card':
      case 'declined': {
        const merchant = this.config.merchants[merchantIndex] as CatalogueMerchant;
        return -(merchant.min + remainder(h, merchant.max - merchant.min + 1));
      }
      case 'topup':
        return 1_000 + remainder(h, 40) * 500;
      case 'fps':
        return 500 + remainder(h, 30_000);
      case 'pot':
        return this.#potAmount(i, state);
      case 'balance':
        return this.#balanceAmount(i);
    }
  }

  /** The salary opening the history, or the transfer bringing a block to what it must keep. */
  #balanceAmount(i: number): number {
    if (i < this.#lead) return this.opening.amount(i);
    return this.#openingKept(i) - this.sum(i - (BLOCK - 1), i);
  }

  /** An opening deposit, or a pair's move: its opener's amount, and the same amount the other way for the move back. */
  #potAmount(i: number, state: number): number {
    if (i < this.#lead) return this.opening.amount(i);
    const opener = remainder(i, BLOCK) < HALF;
    const source = opener ? state : mix(this.#stem, i - HALF);
    const size = 500 + remainder(draw(source, S.amount), 10_000);
    const p = draw(source, S.pot);
    const opening = this.opening.potBalance(remainder(p, this.config.potIds.length));
    // Out of the pot first only when its opening covers every pair a block could have open at once.
    const deposit = p < 0.7 * UNIT || size * (HALF - 1) > opening;
    return deposit === opener ? -size : size;
  }
}
