/**
 * How a generated history starts, as a new account's does: the first salary, then a deposit into each open
 * pot. These positions bring in all the money the history holds (every block after nets to zero, pots
 * included), so an account's balance is the sum of its transactions and a pot's the sum of its moves.
 */
export class Opening {
  /** How many positions the opening takes: fewer when the history is shorter than it. */
  readonly length: number;
  /** What the opening leaves in the account: the float, or 0 with no history. */
  readonly net: number;
  readonly #salary: number;
  readonly #pots: readonly number[];

  /** `float` stays in the account, `pots[k]` goes into pot `k` (in the order of the generator's `potIds`). */
  constructor(count: number, float: number, pots: readonly number[]) {
    this.length = Math.min(count, 1 + pots.length);
    this.#pots = pots;
    let deposits = 0;
    for (let k = 0; k < this.length - 1; k++) deposits += pots[k] as number;
    this.#salary = float + deposits;
    this.net = this.length > 0 ? float : 0;
  }

  /** The amount at opening position `i`: the salary in, then each deposit out. */
  amount(i: number): number {
    return i === 0 ? this.#salary : -(this.#pots[i - 1] as number);
  }

  /** Pot `k`'s balance after the history: the sum of its moves, which is its opening deposit. */
  potBalance(k: number): number {
    return k < this.length - 1 ? (this.#pots[k] as number) : 0;
  }
}
