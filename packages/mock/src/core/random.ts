/**
 * Deterministic numbers from a seed. `hash` mixes a seed and indices into 32 bits (no state), so that any
 * transaction of a million can be derived on its own from (seed, account, index).
 */
export function hash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A number in [0, 1) from `hash(...parts)`. */
export function unit(...parts: number[]): number {
  return hash(...parts) / 4_294_967_296;
}

/** A pick from a list, by `hash(...parts)`. */
export function pick<T>(list: readonly T[], ...parts: number[]): T {
  return list[hash(...parts) % list.length] as T;
}

/** A seeded sequence of numbers in [0, 1) (mulberry32), for choices made one after another. */
export function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` written in base 62, left-padded to `width`: the look of Monzo's ids. */
export function base62(n: number, width: number): string {
  let out = '';
  let rest = Math.floor(n);
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** Reads a `base62` string back; `undefined` when it is not one. */
export function fromBase62(text: string): number | undefined {
  let n = 0;
  for (const char of text) {
    const digit = BASE62.indexOf(char);
    if (digit < 0) return undefined;
    n = n * 62 + digit;
  }
  return n;
}

/** A random id with Monzo's shape, e.g. `webhook_0000` + 18 characters, from a seeded sequence. */
export function randomId(prefix: string, next: () => number): string {
  let out = `${prefix}_0000`;
  for (let index = 0; index < 18; index++) out += BASE62[Math.floor(next() * 62)];
  return out;
}
