import type { FetchWindow, Gap } from './types.js';

const DAY_MS = 86_400_000;
/** The longest stretch one request may span (monzo-api.md §11: a year at most per call). */
export const MAX_WINDOW_MS = 365 * DAY_MS;
/** How far neighbouring windows overlap: covers either inclusivity of `since` and `before`. */
export const OVERLAP_MS = 1_000;
/** Outside the 5 minutes after a login, Monzo shows only this far back (monzo-api.md §4). */
export const RECENT_MS = 90 * DAY_MS;
/**
 * The recent part starts this much later than exactly 90 days ago: Monzo's clock and this computer's differ a
 * little, and a `since` even a second too old is refused as a whole (the CLI's export allows the same).
 */
export const CLOCK_MARGIN_MS = 3_600_000;
/** Windows the part older than 90 days starts as; the walk splits the dense ones further. */
export const DEFAULT_OLD_WINDOWS = 8;
/** Windows the last 90 days start as. */
export const DEFAULT_RECENT_WINDOWS = 4;
/** A recent window narrower than this is not worth a request of its own. */
const MIN_RECENT_WINDOW_MS = 3_600_000;

/** How `planWindows` cuts an account's life. */
export interface PlanOptions {
  /** When the account was opened (its `created`). */
  created: string | Date | number;
  /** Now, by the clock the walk uses. */
  now: Date | number;
  /** Windows for the part older than 90 days (default 8); more when that part is longer than 8 years. */
  oldWindows?: number;
  /** Windows for the last 90 days (default 4). */
  recentWindows?: number;
  overlapMs?: number;
}

/**
 * The windows of a first sync, from the account's opening to now: the part older than 90 days first, cut into
 * `oldWindows` equal stretches (none longer than a year), then the last 90 days in `recentWindows`, the last
 * of them open-ended. Neighbours overlap by `overlapMs`.
 */
export function planWindows(options: PlanOptions): FetchWindow[] {
  const now = toTime('now', options.now);
  const created = toTime('created', options.created);
  if (created > now) {
    throw new RangeError(
      `created (${iso(created)}) is after now (${iso(now)}): pass the account's created and the current time`,
    );
  }
  const overlap = checkOverlap(options.overlapMs);
  const wanted = whole('oldWindows', options.oldWindows ?? DEFAULT_OLD_WINDOWS);
  const recent = whole('recentWindows', options.recentWindows ?? DEFAULT_RECENT_WINDOWS);
  const boundary = recentBoundary(now);
  const windows: FetchWindow[] = [];
  if (created < boundary) windows.push(...cut(created, boundary, wanted, overlap, true));
  const start = Math.max(created, boundary);
  const count = Math.max(1, Math.min(recent, Math.floor((now - start) / MIN_RECENT_WINDOW_MS)));
  const tail = cut(start, now, count, overlap, false);
  const last = tail.at(-1);
  if (last) last.to = undefined;
  windows.push(...tail);
  return windows;
}

/**
 * The windows that read the gaps a closed full-history window left, each gap cut into stretches of a year at
 * most, with the same overlap as a plan.
 */
export function windowsForGaps(
  gaps: readonly Gap[],
  options: { now: Date | number; overlapMs?: number },
): FetchWindow[] {
  const boundary = recentBoundary(toTime('now', options.now));
  const overlap = checkOverlap(options.overlapMs);
  return mergeGaps(gaps).flatMap((gap) => {
    const from = toTime('gap.from', gap.from);
    const to = toTime('gap.to', gap.to);
    if (to <= from) throw new RangeError(`a gap must end after it starts, got ${gap.from} to ${gap.to}`);
    return cut(from, to, 1, overlap, from < boundary).map((window, index, all) =>
      // The gap's own end bounds its last window: nothing past it is missing.
      index === all.length - 1 ? { ...window, to: gap.to } : window,
    );
  });
}

/** Gaps sorted, with those that touch or overlap merged into one. */
export function mergeGaps(gaps: readonly Gap[]): Gap[] {
  // Each time parsed once: a sync merges its windows' rows with every page it reports.
  const timed = gaps
    .map((gap) => ({ gap, from: Date.parse(gap.from), to: Date.parse(gap.to) }))
    .sort((a, b) => a.from - b.from);
  const merged: Gap[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const { gap, from, to } of timed) {
    const last = merged.at(-1);
    if (last && from <= end) {
      if (to > end) {
        last.to = gap.to;
        end = to;
      }
    } else {
      merged.push({ ...gap });
      end = to;
    }
  }
  return merged;
}

/**
 * Splits what is left of a walking window at `at`: the window keeps its start and cursor and now ends at `at`
 * (plus the overlap); the rest, from `at`, is a new window with no cursor. `at` must lie after the cursor and
 * before the end.
 */
export function splitWindow(
  window: FetchWindow,
  at: number,
  overlapMs: number = OVERLAP_MS,
): [FetchWindow, FetchWindow] {
  const start = Date.parse(window.cursor?.created ?? window.from);
  const end = window.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.to);
  if (!(at > start && at + overlapMs < end)) {
    throw new RangeError(`cannot split the window ${window.from} – ${window.to ?? 'now'} at ${iso(at)}`);
  }
  const child: FetchWindow = { from: iso(at), to: window.to, old: window.old };
  return [{ ...window, to: iso(at + overlapMs) }, child];
}

/** Throws a `RangeError` saying what is wrong with a window given to a walk (from a store, say). */
export function checkWindow(window: FetchWindow): void {
  const label = `window ${JSON.stringify(window.from)}`;
  if (typeof window.from !== 'string' || Number.isNaN(Date.parse(window.from))) {
    throw new RangeError(`${label}: from must be an RFC 3339 time`);
  }
  if (window.to !== undefined && !(Date.parse(window.to) > Date.parse(window.from))) {
    throw new RangeError(`${label}: to (${JSON.stringify(window.to)}) must be an RFC 3339 time after from`);
  }
  if (typeof window.old !== 'boolean') throw new RangeError(`${label}: old must be true or false`);
  const cursor = window.cursor;
  if (cursor !== undefined && (typeof cursor.id !== 'string' || Number.isNaN(Date.parse(cursor.created)))) {
    throw new RangeError(`${label}: cursor must be the id and created of the last transaction taken`);
  }
}

/** Where the last 90 days begin, as far as this computer can tell (see `CLOCK_MARGIN_MS`). */
export function recentBoundary(now: number): number {
  return now - RECENT_MS + CLOCK_MARGIN_MS;
}

/** `[start, end)` in `count` equal windows, at least enough that none is longer than a year. */
function cut(start: number, end: number, count: number, overlap: number, old: boolean): FetchWindow[] {
  const n = Math.max(count, Math.ceil((end - start) / (MAX_WINDOW_MS - overlap)));
  const edges = Array.from({ length: n + 1 }, (_, k) => start + Math.floor(((end - start) * k) / n));
  return edges.slice(0, -1).map((from, k) => ({
    from: iso(from),
    to: iso((edges[k + 1] as number) + overlap),
    old,
  }));
}

function toTime(name: string, value: string | Date | number): number {
  const time =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw new RangeError(
      `${name} must be a time (an RFC 3339 string, a Date or epoch ms), got ${String(value)}`,
    );
  }
  return time;
}

function whole(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > 10_000) {
    throw new RangeError(`${name} must be a whole number from 1 to 10000, got ${value}`);
  }
  return value;
}

function checkOverlap(value: number | undefined): number {
  const overlap = value ?? OVERLAP_MS;
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap > DAY_MS) {
    throw new RangeError(
      `overlapMs must be a whole number of milliseconds from 0 to ${DAY_MS}, got ${value}`,
    );
  }
  return overlap;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
