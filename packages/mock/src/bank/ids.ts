import { base62, fromBase62, hash, randomId, sequence } from '../core/random.js';
import { draw, HASH_START, mix, remainder } from './mix.js';

/** Salts that keep the seeded choices of different things apart. */
export const SALT = {
  user: 1,
  account: 2,
  pot: 3,
  merchant: 4,
  merchantGroup: 5,
  category: 6,
  card: 7,
  check: 8,
  partner: 9,
  description: 10,
} as const;

/** A seeded id of Monzo's shape (`prefix_0000` + 18 characters): the same for the same seed and salts. */
export function seededId(prefix: string, seed: number, ...salts: number[]): string {
  return randomId(prefix, sequence(hash(seed, ...salts)));
}

export const TX_PREFIX = 'tx_0000';
const INDEX_WIDTH = 7; // 62^7: over 3 * 10^12 transactions per account.
/** Worked out once: V8 computes `62 ** INDEX_WIDTH` at each call, a float power twice per transaction written. */
const INDEX_LIMIT = 62 ** INDEX_WIDTH;
const CHECK_MODULO = 62 ** 5;
const TX_ID_LENGTH = TX_PREFIX.length + 1 + INDEX_WIDTH + 10;

/**
 * A transaction's id says where it lives: the account's slot (one base-62 digit), its position in that
 * account's history (7 digits), then 10 characters derived from the seed, so that a made-up or foreign id is
 * refused. Reading or paging from an id is then O(1), with nothing stored per transaction.
 */
export function transactionId(seed: number, slot: number, index: number): string {
  const check = checkState(index, mix(mix(mix(HASH_START, seed), slot), index));
  return TX_PREFIX + transactionTail(slot, index, checkHalf(check, 0), checkHalf(check, 1));
}

/** The (slot, index) a transaction id encodes, or `undefined` for an id this dataset never made. */
export function parseTransactionId(seed: number, id: string): { slot: number; index: number } | undefined {
  if (id.length !== TX_ID_LENGTH || !id.startsWith(TX_PREFIX)) return undefined;
  const start = TX_PREFIX.length;
  const slot = fromBase62(id.slice(start, start + 1));
  const index = fromBase62(id.slice(start + 1, start + 1 + INDEX_WIDTH));
  if (slot === undefined || index === undefined) return undefined;
  return id === transactionId(seed, slot, index) ? { slot, index } : undefined;
}

/**
 * The check at the end of an id is two halves of 5 base-62 digits, `hash(seed, slot, index, high, SALT.check
 * + half)`: this is the hash state they continue from, given the state after (seed, slot, index) (`mix.ts`).
 */
export function checkState(index: number, state: number): number {
  return mix(state, Math.floor(index / 4_294_967_296));
}

export function checkHalf(check: number, half: 0 | 1): number {
  return remainder(draw(check, SALT.check + half), CHECK_MODULO);
}

/** The character codes of base 62's digits, in `base62`'s order. */
const DIGITS = Array.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', (char) =>
  char.charCodeAt(0),
);

/** Whether the tail has its usual 18 characters: one digit of slot, 7 of index (else `base62` widens them). */
export function transactionTailIsUsual(slot: number, index: number): boolean {
  return slot < 62 && index < INDEX_LIMIT;
}

/** The id after `tx_0000`: slot, index and the check's halves, as `base62` writes them. */
export function transactionTail(slot: number, index: number, a: number, b: number): string {
  if (!transactionTailIsUsual(slot, index))
    return base62(slot, 1) + base62(index, INDEX_WIDTH) + base62(a, 5) + base62(b, 5);
  const codes = TAIL_CODES;
  writeTail(codes, 0, slot, index, a, b);
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}

const TAIL_CODES = new Uint8Array(TX_ID_LENGTH - TX_PREFIX.length);

/** The same as bytes, at `at` in `bytes`; returns where it ends. */
export function writeTail(
  bytes: Uint8Array,
  at: number,
  slot: number,
  index: number,
  a: number,
  b: number,
): number {
  if (!transactionTailIsUsual(slot, index)) {
    const tail = transactionTail(slot, index, a, b);
    for (let k = 0; k < tail.length; k++) bytes[at + k] = tail.charCodeAt(k);
    return at + tail.length;
  }
  bytes[at] = DIGITS[slot] as number;
  writeDigits(bytes, at + 1, index, INDEX_WIDTH);
  writeDigits(bytes, at + 1 + INDEX_WIDTH, a, 5);
  writeDigits(bytes, at + 6 + INDEX_WIDTH, b, 5);
  return at + 11 + INDEX_WIDTH;
}

/** For each of 0 … 62² − 1, the codes of its two base-62 digits: half as many divisions. */
const HIGH = Uint8Array.from({ length: 62 * 62 }, (_, n) => DIGITS[Math.floor(n / 62)] as number);
const LOW = Uint8Array.from({ length: 62 * 62 }, (_, n) => DIGITS[n % 62] as number);

/**
 * `value` (below 62^width) as `width` base-62 digits, most significant first, two at a time; in int32
 * arithmetic when it fits (checks always do, indices below 2^31), which V8 divides by multiplying.
 */
function writeDigits(bytes: Uint8Array, at: number, value: number, width: number): void {
  let k = at + width - 1;
  if (value > 0x7fff_ffff) {
    let rest = value;
    for (; k >= at; k--) {
      const next = Math.floor(rest / 62);
      bytes[k] = DIGITS[rest - next * 62] as number;
      rest = next;
    }
    return;
  }
  let rest = value | 0;
  for (; k > at; k -= 2) {
    const next = (rest / 3_844) | 0;
    const pair = rest - next * 3_844;
    bytes[k - 1] = HIGH[pair] as number;
    bytes[k] = LOW[pair] as number;
    rest = next;
  }
  if (k === at) bytes[k] = DIGITS[rest] as number;
}

/** The 18 characters after `tx_0000`, reused for the ids a transaction carries in its metadata. */
export function idTail(id: string): string {
  return id.slice(TX_PREFIX.length);
}
