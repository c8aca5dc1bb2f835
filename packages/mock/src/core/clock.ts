/**
 * The times the emulator can write: RFC 3339 has four-digit years, so 0000-01-01 to the end of 9999. The latest
 * settable time stops a year short of that end, so that the clock (which keeps running) and the times derived
 * from it (a token's expiry, a pot's lock) stay writable; beyond it `toISOString` throws, or writes `+010000-…`.
 */
export const EARLIEST_TIME = Date.parse('0000-01-01T00:00:00.000Z');
export const LATEST_TIME = Date.parse('9999-01-01T00:00:00.000Z');

/** Bounds a move of the clock must stay within; `earliest` defaults to `EARLIEST_TIME`. */
export interface ClockBounds {
  /** The earliest time allowed, and what it is (`"when the data begins"`), for the refusal's message. */
  earliest?: { time: number; what: string } | undefined;
}

/**
 * The emulator's clock: real time plus an offset that tests move, so that token expiry, the 5-minute SCA window
 * and the 90-day limit can be crossed without sleeping. A move to a time it cannot represent is refused with a
 * `RangeError` (a `TypeError` for what is not a number) that gives the allowed range, and changes nothing.
 */
export class Clock {
  #offset = 0;

  now(): number {
    return Date.now() + this.#offset;
  }

  /** Moves the clock forward (or back, with a negative value) by a whole number of milliseconds. */
  advance(ms: number, bounds: ClockBounds = {}): void {
    const now = this.now();
    const { earliest, what } = earliestOf(bounds);
    if (!isWhole(ms) || !within(now + ms, earliest)) {
      throw refusal(
        ms,
        `ms must be a whole number of milliseconds from ${Math.ceil(earliest - now)} to ${Math.floor(LATEST_TIME - now)}`,
        `which keeps the emulator's clock from ${iso(earliest)} (${what}) to ${iso(LATEST_TIME)}`,
      );
    }
    this.#offset += ms;
  }

  /** Sets the clock to an absolute time (whole epoch ms); it keeps running from there. */
  set(epochMs: number, bounds: ClockBounds = {}): void {
    const { earliest, what } = earliestOf(bounds);
    if (!isWhole(epochMs) || !within(epochMs, earliest)) {
      throw refusal(
        epochMs,
        `the emulator's clock must be set to whole epoch milliseconds from ${earliest} to ${LATEST_TIME}`,
        `that is from ${iso(earliest)} (${what}) to ${iso(LATEST_TIME)}`,
      );
    }
    this.#offset = epochMs - Date.now();
  }
}

function earliestOf(bounds: ClockBounds): { earliest: number; what: string } {
  const given = bounds.earliest;
  return given
    ? { earliest: given.time, what: given.what }
    : { earliest: EARLIEST_TIME, what: 'the earliest time it can write' };
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function within(time: number, earliest: number): boolean {
  return time >= earliest && time <= LATEST_TIME;
}

/** A `TypeError` for what is not a number, else a `RangeError`; either gives the range and what came. */
function refusal(value: unknown, rule: string, range: string): Error {
  const text = `${rule}, ${range}; got ${typeof value === 'number' ? value : typeof value}`;
  return typeof value === 'number' ? new RangeError(text) : new TypeError(text);
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
