import type { Cursor, FetchWindow, Page } from '../fetch/types.js';
import { mergeGaps, OVERLAP_MS } from '../fetch/windows.js';
import type { GapSpan, HistoryStore, LeaseClaim, PageResult } from '../store/types.js';

/** Who writes, for what account, and when: what every change of one walk carries. */
export interface RowsOwner {
  store: HistoryStore;
  /** How a page is written: the store's own `savePage`, or a thread of its own (`PageRoute`). */
  savePage: HistoryStore['savePage'];
  user_id: string;
  account_id: string;
  /** The run's time: `first_seen` of new transactions, `noticed_at` of gaps. */
  at: string;
  lease: LeaseClaim;
}

/**
 * The stretch each window of a walk has still to read, kept as a gap in the store from the walk's start: moved
 * on with every page in the page's own transaction, cut with its window, removed when its window is read to
 * its end. Whenever the process dies, the gaps hold every stretch not yet read, and no more than a page's
 * worth (and the overlap) of what was read.
 *
 * Changes to one window's row are made one after another (a split may come while that window's page is being
 * stored); `end` is where the open-ended last window's row stops (the run's time: what comes in after it is
 * read again by the next sync from what is held).
 */
export class WindowRows {
  readonly #owner: RowsOwner;
  readonly #end: string;
  /** By window (its `from`, which a walk never changes): the gap stored for it. */
  readonly #rows = new Map<string, GapSpan>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #totalMs: number;

  constructor(owner: RowsOwner, windows: readonly FetchWindow[], end: string) {
    this.#owner = owner;
    this.#end = end;
    for (const window of windows) {
      const from = new Date(Date.parse(window.cursor?.created ?? window.from)).toISOString();
      const row = this.#rowOf(from, window.to);
      if (row) this.#rows.set(window.from, row);
    }
    this.#totalMs = Math.max(1, lengthOf(mergeGaps([...this.#rows.values()])));
  }

  /** The gaps to store as the walk begins: one per window. */
  get initial(): GapSpan[] {
    return [...this.#rows.values()];
  }

  /** What is still to read, merged. */
  remaining(): GapSpan[] {
    return mergeGaps([...this.#rows.values()]);
  }

  /** The share of the walk's stretches read so far, 0 to 1. */
  share(): number {
    return Math.min(1, Math.max(0, 1 - lengthOf(this.remaining()) / this.#totalMs));
  }

  /** Stores a page of `window` with its row moved on to just before its last transaction (or removed). */
  page(window: FetchWindow, transactions: Page, cursor: Cursor | undefined): Promise<PageResult> {
    return this.#queue(window.from, async () => {
      const row = this.#rows.get(window.from);
      const next = row && this.#moved(row, window, cursor);
      const gaps = row && next !== row ? { remove: [row], add: next ? [next] : [] } : undefined;
      const { savePage, user_id, account_id, at, lease } = this.#owner;
      const result = await savePage({ user_id, account_id, transactions, at, lease, gaps });
      if (row) {
        if (next) this.#rows.set(window.from, next);
        else this.#rows.delete(window.from);
      }
      return result;
    });
  }

  /** Stores a split: `parent` now ends earlier, `child` takes the rest, both rows in one transaction. */
  split(parent: FetchWindow, child: FetchWindow): Promise<void> {
    const stored = this.#queue(parent.from, async () => {
      const row = this.#rows.get(parent.from);
      const shortened =
        row && this.#rowOf(row.from, parent.to === undefined || parent.to > row.to ? row.to : parent.to);
      const added = this.#rowOf(child.from, child.to);
      const add = [shortened, added].filter((item): item is GapSpan => item !== undefined);
      const { store, user_id, account_id, at, lease } = this.#owner;
      await store.changeGaps({ user_id, account_id, at, lease, remove: row ? [row] : [], add });
      if (shortened) this.#rows.set(parent.from, shortened);
      else this.#rows.delete(parent.from);
      if (added) this.#rows.set(child.from, added);
    });
    this.#queues.set(child.from, stored);
    return stored;
  }

  /** What is left of `row` once a page up to `cursor` is stored: `row` itself if nothing moved. */
  #moved(row: GapSpan, window: FetchWindow, cursor: Cursor | undefined): GapSpan | undefined {
    if (window.done) return undefined;
    if (!cursor) return row;
    // A second early: whatever Monzo's inclusivity of `since`, nothing at the cursor's time is missed.
    const start = new Date(Math.max(Date.parse(cursor.created) - OVERLAP_MS, Date.parse(row.from)));
    const from = start.toISOString();
    return from === row.from ? row : this.#rowOf(from, row.to);
  }

  /** The gap for a stretch from `from` to `to` (the open-ended window's: to `end`), if there is one. */
  #rowOf(from: string, to: string | undefined): GapSpan | undefined {
    const end = to ?? this.#end;
    return end > from ? { from, to: end } : undefined;
  }

  #queue<T>(key: string, change: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(change, change);
    this.#queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }
}

function lengthOf(spans: readonly GapSpan[]): number {
  return spans.reduce((total, gap) => total + (Date.parse(gap.to) - Date.parse(gap.from)), 0);
}
