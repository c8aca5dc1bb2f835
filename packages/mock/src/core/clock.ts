/**
 * The emulator's clock: real time plus an offset that tests move, so that token expiry, the 5-minute SCA window
 * and the 90-day limit can be crossed without sleeping.
 */
export class Clock {
  #offset = 0;

  now(): number {
    return Date.now() + this.#offset;
  }

  /** Moves the clock forward (or back, with a negative value). */
  advance(ms: number): void {
    this.#offset += ms;
  }

  /** Sets the clock to an absolute time; it keeps running from there. */
  set(epochMs: number): void {
    this.#offset = epochMs - Date.now();
  }
}
