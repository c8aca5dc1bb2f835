import { setMaxListeners } from 'node:events';
import { isScaWindowError } from '../monzo.js';
import { ConcurrencyLimiter } from './limiter.js';
import { DistinctCounter, keepNew, PAGE_SIZE } from './pages.js';
import { fetchPage, type PageSource, type RequestCounts } from './request.js';
import { chooseSplit } from './split.js';
import type { Cursor, FetchWindow, Gap, Page, WalkProgress, WalkStats } from './types.js';
import { checkWindow, mergeGaps, OVERLAP_MS, splitWindow } from './windows.js';

/** A window is split only when this many pages are left in it, by its own pages' density. */
const DEFAULT_MIN_SPLIT_PAGES = 4;

/** What `walkAccount` takes. */
export interface WalkOptions {
  client: PageSource;
  account_id: string;
  /** From `planWindows`, `windowsForGaps`, or as stored (with their cursors) to resume a killed walk. */
  windows: readonly FetchWindow[];
  /** A fixed number in flight, or a limiter (shared by the accounts of one login); default adaptive. */
  concurrency?: number | ConcurrencyLimiter;
  /** When the 5-minute full-history window closes (the login's approval + 5 min), for the time left. */
  deadline?: Date | number;
  /**
   * Each page, in order within its window, as soon as it comes; awaited before that window asks for the next.
   * Store the page and the window's new cursor together: a walk killed at any moment then resumes each window
   * from its cursor. Windows are walked at once, so calls for different windows overlap. A page may hold
   * transactions a neighbouring window also brings (the overlap): keep rows by id.
   */
  onPage(window: FetchWindow, transactions: Page, cursor: Cursor | undefined): Promise<void> | void;
  /**
   * A window was cut in two: `parent` now ends earlier, `child` takes the rest. Awaited before either window's
   * next page is handed on: store both together, so that a resumed walk still covers the whole stretch.
   */
  onSplit?(parent: FetchWindow, child: FetchWindow): Promise<void> | void;
  onProgress?(progress: WalkProgress): void;
  signal?: AbortSignal;
  /** Epoch ms, for the deadline and the end of the open-ended window; default `Date.now`. */
  now?: () => number;
  overlapMs?: number;
  minSplitPages?: number;
  /** Attempts after a 5xx or a connection failure, per page (default 8). */
  maxRetries?: number;
}

export interface WalkResult {
  /** Stretches older than 90 days left unread because the 5-minute window closed; merged, oldest first. */
  gaps: Gap[];
  stats: WalkStats;
}

interface Task {
  window: FetchWindow;
  /** Milliseconds of history one full page covered, last seen: how much is left, in pages. */
  pageSpanMs: number | undefined;
  /** Settles when the split that made this window is stored. */
  ready: Promise<void>;
  /** Settles when every split of this window is stored. */
  splits: Promise<unknown>;
  previousIds: Set<string>;
}

/**
 * Walks an account's windows at once, each paged by id, every request through one limiter, oldest windows first
 * and the last 90 days last. When a slot is free and no window waits, the walking window with the most pages
 * left gives away the second half of what it has left (work stealing), so that a dense stretch does not end up
 * walked alone. When Monzo says the 5-minute window has closed (`MonzoScaWindowError` on a window older than
 * 90 days), old windows stop where they are and become gaps, and the last 90 days are walked to the end.
 *
 * Throws the first error it cannot retry (a `MonzoScaWindowError` on the last 90 days included: the clock is
 * off or the login is gone) after the other windows stopped; the signal's reason when `signal` aborts. No
 * `onPage` runs after either.
 */
export async function walkAccount(options: WalkOptions): Promise<WalkResult> {
  return new Walk(options).run();
}

class Walk {
  readonly #options: WalkOptions;
  readonly #limiter: ConcurrencyLimiter;
  readonly #now: () => number;
  readonly #overlap: number;
  readonly #minSplitPages: number;
  readonly #controller = new AbortController();
  readonly #counts: RequestCounts = { requests: 0, rateLimited: 0, serverErrors: 0, retries: 0 };
  readonly #distinct: DistinctCounter;
  readonly #queue: { old: Task[]; recent: Task[] } = { old: [], recent: [] };
  readonly #running = new Set<Task>();
  readonly #gaps: Gap[] = [];
  readonly #started = performance.now();
  #pages = 0;
  #transactions = 0;
  #splits = 0;
  #closed = false;
  #stopped = false;
  #failure: unknown;
  #finish: () => void = () => {};

  constructor(options: WalkOptions) {
    this.#options = options;
    const { concurrency } = options;
    this.#limiter =
      concurrency instanceof ConcurrencyLimiter ? concurrency : new ConcurrencyLimiter(concurrency);
    this.#now = options.now ?? Date.now;
    this.#overlap = options.overlapMs ?? OVERLAP_MS;
    this.#distinct = new DistinctCounter(this.#overlap);
    this.#minSplitPages = options.minSplitPages ?? DEFAULT_MIN_SPLIT_PAGES;
    // Every request in flight, and every one waiting for a slot, listens for the walk's end.
    setMaxListeners(0, this.#controller.signal);
    if (typeof options.account_id !== 'string' || options.account_id === '') {
      throw new TypeError('account_id must be the id of the account to walk');
    }
    for (const window of options.windows) checkWindow(window);
    const windows = [...options.windows].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    for (const window of windows) {
      if (window.done) continue;
      const task = newTask({ ...window }, undefined, Promise.resolve());
      (window.old ? this.#queue.old : this.#queue.recent).push(task);
    }
  }

  async run(): Promise<WalkResult> {
    const { signal } = this.#options;
    if (signal?.aborted) throw signal.reason;
    const onAbort = () => this.#stop(undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve) => {
        this.#finish = resolve;
        this.#fill();
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (this.#failure !== undefined) throw this.#failure;
    if (signal?.aborted) throw signal.reason;
    return { gaps: mergeGaps(this.#gaps), stats: this.#stats() };
  }

  /** Starts windows while there are slots: a few more walkers than slots, so none idles between pages. */
  #fill(): void {
    if (!this.#stopped) {
      const limit = this.#limiter.limit;
      while (this.#running.size < limit + Math.ceil(limit / 4)) {
        const task = this.#next();
        if (!task) break;
        this.#running.add(task);
        void this.#walk(task);
      }
    }
    if (this.#running.size === 0) this.#finish();
  }

  /**
   * The next window to walk: waiting old ones, a split of an old one, waiting recent ones, a split of those.
   * No split while requests wait for the limiter: another window would only wait too, and each split costs a
   * request (its last, short page).
   */
  #next(): Task | undefined {
    const split = (old: boolean) => (this.#limiter.waiting === 0 ? this.#split(old) : undefined);
    if (!this.#closed) {
      const old = this.#queue.old.shift() ?? split(true);
      if (old) return old;
    }
    return this.#queue.recent.shift() ?? split(false);
  }

  /** Cuts the walking window (old or recent) with the most pages left in two, if one has enough. */
  #split(old: boolean): Task | undefined {
    const chosen = chooseSplit(this.#running, {
      old,
      now: this.#now(),
      minPages: this.#minSplitPages,
      overlapMs: this.#overlap,
    });
    if (!chosen) return undefined;
    const { walking: task, at } = chosen;
    const [parent, child] = splitWindow(task.window, at, this.#overlap);
    task.window.to = parent.to;
    this.#splits++;
    // After the window's own row and earlier splits are stored: a store sees a window before its splits. Both
    // as they are now: the child may be split in turn before this is stored, and a store that took its end as
    // it is by then would hold the stretch that split gives away in neither row.
    const split = [copy(parent), copy(child)] as const;
    const stored = Promise.all([task.ready, task.splits]).then(() => this.#options.onSplit?.(...split));
    // The parent only waits for it; the child fails the walk if it could not be stored.
    task.splits = Promise.all([task.splits, stored.catch(() => undefined)]);
    return newTask(
      child,
      task.pageSpanMs,
      stored.then(() => undefined),
    );
  }

  async #walk(task: Task): Promise<void> {
    const { window } = task;
    try {
      await task.ready;
      while (!this.#stopped) {
        if (window.old && this.#closed) return this.#gap(task);
        const raw = await fetchPage({
          client: this.#options.client,
          limiter: this.#limiter,
          account_id: this.#options.account_id,
          since: window.cursor?.id ?? window.from,
          before: window.to,
          limit: PAGE_SIZE,
          signal: this.#controller.signal,
          counts: this.#counts,
          maxRetries: this.#options.maxRetries,
        });
        const { kept, ended, spanMs } = keepNew(window, raw, task.previousIds, this.#pages);
        task.previousIds = new Set(raw.map((tx) => tx.id));
        if (spanMs !== undefined) task.pageSpanMs = spanMs;
        await task.splits;
        if (this.#stopped) return;
        const last = kept.at(-1);
        if (last) window.cursor = { id: last.id, created: last.created };
        if (ended) window.done = true;
        this.#pages++;
        this.#transactions += this.#distinct.add(window, kept);
        await this.#options.onPage(copy(window), kept, window.cursor && { ...window.cursor });
        this.#progress();
        if (window.done) return;
        this.#fill();
      }
    } catch (error) {
      if (this.#stopped) return;
      if (isScaWindowError(error) && window.old) {
        this.#close();
        this.#gap(task);
      } else {
        this.#stop(error);
      }
    } finally {
      this.#running.delete(task);
      this.#fill();
    }
  }

  /** Monzo said the 5-minute window is closed: old windows waiting become gaps at once. */
  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const task of this.#queue.old.splice(0)) this.#gap(task);
    this.#progress();
  }

  #gap(task: Task): void {
    const { window } = task;
    this.#gaps.push({
      from: window.cursor?.created ?? window.from,
      to: window.to ?? new Date(this.#now()).toISOString(),
    });
  }

  #stop(failure: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#failure = failure;
    this.#controller.abort(failure);
  }

  #progress(): void {
    const { onProgress, deadline, account_id } = this.#options;
    if (!onProgress) return;
    const seconds = Math.max((performance.now() - this.#started) / 1000, 0.001);
    const end = deadline instanceof Date ? deadline.getTime() : deadline;
    onProgress({
      account_id,
      transactions: this.#transactions,
      pages: this.#pages,
      rate: this.#transactions / seconds,
      inFlight: this.#limiter.inFlight,
      concurrency: this.#limiter.limit,
      windowsLeft:
        [...this.#running].filter((task) => !task.window.done).length +
        this.#queue.old.length +
        this.#queue.recent.length,
      timeLeftMs: end === undefined ? undefined : Math.max(0, end - this.#now()),
      windowClosed: this.#closed,
    });
  }

  #stats(): WalkStats {
    return {
      ...this.#counts,
      pages: this.#pages,
      transactions: this.#transactions,
      splits: this.#splits,
      elapsedMs: performance.now() - this.#started,
      maxConcurrency: this.#limiter.maxInFlight,
    };
  }
}

function newTask(window: FetchWindow, pageSpanMs: number | undefined, ready: Promise<void>): Task {
  return { window, pageSpanMs, ready, splits: Promise.resolve(), previousIds: new Set() };
}

function copy(window: FetchWindow): FetchWindow {
  return { ...window, cursor: window.cursor && { ...window.cursor } };
}
