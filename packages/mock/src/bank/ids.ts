import { base62, fromBase62, hash, randomId, sequence } from '../core/random.js';

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

const TX_PREFIX = 'tx_0000';
const INDEX_WIDTH = 7; // 62^7: over 3 * 10^12 transactions per account.
const CHECK_MODULO = 62 ** 5;
const TX_ID_LENGTH = TX_PREFIX.length + 1 + INDEX_WIDTH + 10;

/**
 * A transaction's id says where it lives: the account's slot (one base-62 digit), its position in that
 * account's history (7 digits), then 10 characters derived from the seed, so that a made-up or foreign id is
 * refused. Reading or paging from an id is then O(1), with nothing stored per transaction.
 */
export function transactionId(seed: number, slot: number, index: number): string {
  return `${TX_PREFIX}${base62(slot, 1)}${base62(index, INDEX_WIDTH)}${check(seed, slot, index)}`;
}

/** The (slot, index) a transaction id encodes, or `undefined` for an id this dataset never made. */
export function parseTransactionId(seed: number, id: string): { slot: number; index: number } | undefined {
  if (id.length !== TX_ID_LENGTH || !id.startsWith(TX_PREFIX)) return undefined;
  const start = TX_PREFIX.length;
  const slot = fromBase62(id.slice(start, start + 1));
  const index = fromBase62(id.slice(start + 1, start + 1 + INDEX_WIDTH));
  if (slot === undefined || index === undefined) return undefined;
  return id.slice(start + 1 + INDEX_WIDTH) === check(seed, slot, index) ? { slot, index } : undefined;
}

function check(seed: number, slot: number, index: number): string {
  const high = Math.floor(index / 4_294_967_296);
  return (
    base62(hash(seed, slot, index, high, SALT.check) % CHECK_MODULO, 5) +
    base62(hash(seed, slot, index, high, SALT.check + 1) % CHECK_MODULO, 5)
  );
}

/** The 18 characters after `tx_0000`, reused for the ids a transaction carries in its metadata. */
export function idTail(id: string): string {
  return id.slice(TX_PREFIX.length);
}
