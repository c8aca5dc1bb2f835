/**
 * The Monzo requests being handled right now. A request whose client gave up (a timeout, a dropped connection)
 * still runs to its end, money and all, as it would at Monzo; `idle()` lets a test wait for those before it
 * reads a ledger that nothing can change any more.
 */
export class InFlight {
  #count = 0;
  #waiters: Array<() => void> = [];

  enter(): void {
    this.#count++;
  }

  leave(): void {
    if (--this.#count > 0) return;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Settles once no request is being handled (at once if none is). */
  idle(): Promise<void> {
    return this.#count === 0 ? Promise.resolve() : new Promise((wake) => this.#waiters.push(wake));
  }
}
