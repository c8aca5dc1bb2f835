import { UsageError } from '../errors.js';

/**
 * `KEY=VALUE` pairs from the command line as a metadata change: `KEY=` (no value) deletes the key, so it maps to
 * `null`. Only the first `=` splits, so values may hold `=`. Keys may not be empty, hold brackets (they would
 * break Monzo's `metadata[KEY]` form field) or whitespace, nor appear twice (which one was meant?).
 */
export function parseMetadataPairs(pairs: readonly string[]): Record<string, string | null> {
  if (pairs.length === 0) throw new UsageError('give at least one KEY=VALUE pair (KEY= deletes the key)');
  // A Map, then an object: assigning `metadata.__proto__` would set the prototype instead of a key.
  const metadata = new Map<string, string | null>();
  for (const pair of pairs) {
    const split = pair.indexOf('=');
    if (split === -1) throw new UsageError(`${JSON.stringify(pair)} is not KEY=VALUE (KEY= deletes the key)`);
    const key = pair.slice(0, split);
    const value = pair.slice(split + 1);
    if (!/^[^\s[\]=]+$/.test(key)) {
      throw new UsageError(
        `${JSON.stringify(pair)}: the key must be a word without spaces or brackets, such as notes or tag`,
      );
    }
    if (metadata.has(key)) throw new UsageError(`the key ${key} is given twice`);
    metadata.set(key, value === '' ? null : value);
  }
  return Object.fromEntries(metadata);
}
