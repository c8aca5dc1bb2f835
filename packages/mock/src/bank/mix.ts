/**
 * The rounds of `hash` (core/random.ts), one part at a time. `hash(seed, slot, i, salt)` is
 * `mix(mix(mix(mix(HASH_START, seed), slot), i), salt) >>> 0`, so the state after (seed, slot) is computed once
 * per account and the state after `i` once per transaction, leaving one round per choice drawn from it, where
 * `hash` would take four, and an array for its rest parameter.
 */
export const HASH_START = 0x9e3779b9;

/** The state after one more part; `>>> 0` of it is `hash` of the parts so far. */
export function mix(state: number, part: number): number {
  let h = Math.imul(state ^ (part >>> 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** `hash(...parts, salt)` from the state after `parts`. */
export function draw(state: number, salt: number): number {
  return mix(state, salt) >>> 0;
}

/**
 * `value % divisor`, for a whole `value` from 0 to 2^53 and a whole positive `divisor`: the same number (the
 * division is correctly rounded, so its floor is exact below 2^53). V8 computes `%` of a hash (a uint32, often
 * above 2^31) by calling `fmod`; this divides inline, and made deriving a transaction a third cheaper.
 */
export function remainder(value: number, divisor: number): number {
  return value - Math.floor(value / divisor) * divisor;
}
