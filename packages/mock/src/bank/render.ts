import type { MockTransaction } from './bank.js';
import type { Ledger } from './ledger.js';

/** Renderings kept: ~1–2 KB a transaction, ~120–180 KB a page, so a few MB at most. */
const TRANSACTION_CAPACITY = 4_096;
const PAGE_CAPACITY = 16;

/**
 * Transactions and pages as JSON text, with the generated ones cached: a page read again (a client polling, a
 * benchmark) is one lookup and a string the socket writes as is, instead of 100 derivations and a
 * `JSON.stringify`. Both caches are bounded (oldest out first), so memory stays flat however much of a
 * million-transaction history is read. Transactions made later are never cached: they settle as the clock
 * moves.
 */
export class TransactionRenderer {
  readonly #texts = new Map<number, string>();
  readonly #pages = new Map<string, string>();
  readonly #show: (ledger: Ledger, position: number, expandMerchant: boolean) => MockTransaction;

  /** `show` gives a transaction as the API shows it (annotations applied, merchant expanded or not). */
  constructor(show: (ledger: Ledger, position: number, expandMerchant: boolean) => MockTransaction) {
    this.#show = show;
  }

  transaction(ledger: Ledger, position: number, expandMerchant: boolean): string {
    if (position >= ledger.generated) return JSON.stringify(this.#show(ledger, position, expandMerchant));
    const key = textKey(ledger.account.slot, position, expandMerchant);
    let text = this.#texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(this.#show(ledger, position, expandMerchant));
      remember(this.#texts, TRANSACTION_CAPACITY, key, text);
    }
    return text;
  }

  /** `{"transactions": […]}` for positions `[start, end)`. */
  page(ledger: Ledger, start: number, end: number, expandMerchant: boolean): string {
    const cacheable = end <= ledger.generated;
    const key = `${ledger.account.slot}:${start}:${end}:${expandMerchant ? 1 : 0}`;
    const cached = cacheable ? this.#pages.get(key) : undefined;
    if (cached !== undefined) return cached;
    const texts: string[] = [];
    for (let position = start; position < end; position++) {
      texts.push(this.transaction(ledger, position, expandMerchant));
    }
    const page = `{"transactions":[${texts.join(',')}]}`;
    if (cacheable) remember(this.#pages, PAGE_CAPACITY, key, page);
    return page;
  }

  /** Forgets what showed a transaction that changed: its renderings, and every page. */
  forget(slot: number, position: number): void {
    this.#texts.delete(textKey(slot, position, false));
    this.#texts.delete(textKey(slot, position, true));
    this.#pages.clear();
  }
}

/** (position, slot, expanded) packed in a number below 2^53: cheaper to hash than a string. */
function textKey(slot: number, position: number, expanded: boolean): number {
  return (position * 64 + slot) * 2 + (expanded ? 1 : 0);
}

function remember<K>(map: Map<K, string>, capacity: number, key: K, text: string): void {
  if (map.size >= capacity) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, text);
}
