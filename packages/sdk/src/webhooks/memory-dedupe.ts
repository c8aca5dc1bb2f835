import { MonzoConfigError } from '../core/errors.js';
import type { DedupeClaim, WebhookDedupeStore } from './dedupe.js';

/** Options of `MemoryWebhookDedupe`. */
export interface MemoryWebhookDedupeOptions {
  /** Events remembered at most; the least recently seen is forgotten first. Default 10,000. */
  maxEntries?: number;
  /** The clock, in epoch milliseconds; tests pass their own. Default `Date.now`. */
  now?: () => number;
}

/** Bounds the memory a busy account's deliveries can take: a few MiB at most. */
export const DEFAULT_MAX_DEDUPE_ENTRIES = 10_000;

interface Entry {
  state: 'busy' | 'done';
  /** The delivery that holds a busy claim. */
  owner?: string;
  /** When the lease (busy) or the memory of the event (done) ends. */
  until: number;
}

/**
 * The default dedupe store: one process's memory, bounded. Enough for a single receiver; behind a load
 * balancer, use a shared store such as `RedisWebhookDedupe` from `@monzo-ts/redis`.
 */
export class MemoryWebhookDedupe implements WebhookDedupeStore {
  // A Map keeps insertion order: re-inserting on each touch makes its first key the least recently seen.
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: MemoryWebhookDedupeOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_DEDUPE_ENTRIES;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new MonzoConfigError(['maxEntries must be a whole number, 1 or more']);
    }
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new MonzoConfigError(['now must be a function returning epoch milliseconds']);
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  async claim(key: string, leaseMs: number, owner: string): Promise<DedupeClaim> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry && entry.until > now) {
      this.#put(key, entry);
      return entry.state === 'done' ? 'done' : 'busy';
    }
    this.#put(key, { state: 'busy', owner, until: now + leaseMs });
    return 'claimed';
  }

  async complete(key: string, retainMs: number): Promise<void> {
    this.#put(key, { state: 'done', until: this.#now() + retainMs });
  }

  async release(key: string, owner: string): Promise<void> {
    // A completed event stays completed, and another delivery's claim stays: only this one's is given up.
    const entry = this.#entries.get(key);
    if (entry?.state === 'busy' && entry.owner === owner) this.#entries.delete(key);
  }

  /** How many events are remembered (expired ones included until they are touched or evicted). */
  get size(): number {
    return this.#entries.size;
  }

  #put(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
