import { JsonSink } from './json-sink.js';
import type { Ledger } from './ledger.js';
import { RecentTransactions } from './recent.js';

/** Pages kept: ~120–180 KB each, so a few MB at most. */
const PAGE_CAPACITY = 16;
/** Pages read once, remembered by key only (a few bytes each), so that a second read can keep the text. */
const SEEN_CAPACITY = 256;

/**
 * Transactions and pages as JSON text. A page read again (a client polling, a benchmark) is one lookup and
 * bytes the socket writes as is. A page is kept only from its second read: most pages are read once, and
 * keeping each of those a while moves ~130 KB a page out of V8's young generation into the old one, which cost
 * more than writing a page again (see `TransactionWriter`). The transactions written last are kept as bytes
 * (`RecentTransactions`) for pages that overlap. Both are bounded, so memory stays flat however much of a
 * million-transaction history is read; transactions made later are never kept: they settle as the clock moves.
 */
export class TransactionRenderer {
  readonly #pages = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly #seen = new Set<string>();
  readonly #sink = new JsonSink();
  readonly #recent = new RecentTransactions();
  readonly #write: Write;

  /** `write` appends a transaction's JSON as the API shows it (annotations applied, merchant expanded or not). */
  constructor(write: Write) {
    this.#write = write;
  }

  transaction(ledger: Ledger, position: number, expandMerchant: boolean): string {
    const sink = this.#sink;
    sink.reset();
    this.#append(sink, ledger, position, position + 1, expandMerchant);
    this.#recent.flush(sink);
    return sink.toString();
  }

  /**
   * `{"transactions": […]}` for positions `[start, end)`, as UTF-8 bytes: what the socket sends, without the
   * string a page used to be read back into and that Node then encoded again (two copies of ~120 KB). `release`
   * the page once sent, or not at all.
   */
  page(ledger: Ledger, start: number, end: number, expandMerchant: boolean): Uint8Array<ArrayBuffer> {
    const cacheable = end <= ledger.generated;
    const key = `${ledger.account.slot}:${start}:${end}:${expandMerchant ? 1 : 0}`;
    const cached = cacheable ? this.#pages.get(key) : undefined;
    if (cached !== undefined) return cached;
    const sink = this.#sink;
    sink.reset();
    sink.text('{"transactions":[');
    for (let position = start; position < end; ) {
      if (position > start) sink.byte(44); // ,
      position += this.#append(sink, ledger, position, end, expandMerchant);
    }
    this.#recent.flush(sink);
    sink.text(']}');
    if (cacheable && this.#seen.delete(key)) {
      // Kept: a copy of its own, never lent, so never given back and written over.
      const page = sink.bytes.slice(0, sink.length);
      makeRoom(this.#pages, PAGE_CAPACITY);
      this.#pages.set(key, page);
      return page;
    }
    if (cacheable) {
      makeRoom(this.#seen, SEEN_CAPACITY);
      this.#seen.add(key);
    }
    return sink.lend();
  }

  /** Takes back a page once it is sent, for its buffer to hold another (a kept page is left alone). */
  release(page: Uint8Array): void {
    this.#sink.giveBack(page);
  }

  /** Forgets every page and transaction kept: one of them may show a transaction that changed. */
  forget(): void {
    this.#pages.clear();
    this.#recent.clear();
  }

  /**
   * Appends the JSON of the transaction at `position`, or of those kept from there on (below `end`, commas
   * between); returns how many. One written is kept if generated (made later ones settle as the clock moves).
   */
  #append(sink: JsonSink, ledger: Ledger, position: number, end: number, expand: boolean): number {
    const slot = ledger.account.slot;
    const generated = position < ledger.generated;
    const kept = generated
      ? this.#recent.copyRun(sink, slot, position, Math.min(end, ledger.generated), expand)
      : 0;
    if (kept > 0) return kept;
    const from = sink.length;
    const ascii = sink.ascii;
    sink.ascii = true;
    this.#write(sink, ledger, position, expand);
    if (generated) this.#recent.add(sink, from, sink.ascii, slot, position, expand);
    sink.ascii &&= ascii;
    return 1;
  }
}

/** Appends the JSON of the transaction at a position to a sink. */
type Write = (sink: JsonSink, ledger: Ledger, position: number, expandMerchant: boolean) => void;

/** Drops the oldest entry of a full map or set. */
function makeRoom(cache: Map<string, unknown> | Set<string>, capacity: number): void {
  if (cache.size < capacity) return;
  const oldest = cache.keys().next().value;
  if (oldest !== undefined) cache.delete(oldest);
}
