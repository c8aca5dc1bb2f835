import { HistoryError } from '../errors.js';
import type { FetchWindow, Page } from './types.js';

/** Monzo's largest page: what the walker asks for, and how it knows a window's last page (a shorter one). */
export const PAGE_SIZE = 100;

/** What of a page belongs to its window, and whether the window ends with it. */
export interface Kept {
  kept: Page;
  ended: boolean;
  /** Milliseconds of history the page covered, when it was full: how dense the window is. */
  spanMs: number | undefined;
}

/**
 * What of a page is new to its window: not on the previous page (should `since` be inclusive after all), and
 * before the window's end (a split may have moved it while the page was on its way). A full page with nothing
 * new means a server that ignores `since`: a `HistoryError` `PAGINATION`, rather than the same page for ever.
 */
export function keepNew(
  window: FetchWindow,
  raw: Page,
  previousIds: ReadonlySet<string>,
  pages: number,
): Kept {
  const end = window.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.to);
  const kept: Page = [];
  let ended = raw.length < PAGE_SIZE;
  for (const tx of raw) {
    if (previousIds.has(tx.id)) continue;
    if (Date.parse(tx.created) >= end) {
      ended = true;
      break;
    }
    kept.push(tx);
  }
  if (!ended && kept.length === 0) {
    const since = window.cursor?.id ?? window.from;
    throw new HistoryError(
      'PAGINATION',
      `GET /transactions: the page asked for after ${since} brought nothing new past it (page ${pages + 1}), as if the server ignored \`since\`; the walk stopped rather than fetch the same pages for ever`,
      "check the client's apiUrl (or a proxy on the way): Monzo's API pages forward",
    );
  }
  const first = raw[0];
  const last = raw.at(-1);
  const spanMs =
    raw.length === PAGE_SIZE && first && last
      ? Math.max(1, Date.parse(last.created) - Date.parse(first.created))
      : undefined;
  return { kept, ended, spanMs };
}

/**
 * Counts distinct transactions across windows that overlap at their edges, remembering only the ids near an
 * edge (within `overlapMs` of a window's start or end): in the middle of a window, only that window reads them.
 */
export class DistinctCounter {
  readonly #overlapMs: number;
  readonly #edgeIds = new Set<string>();

  constructor(overlapMs: number) {
    this.#overlapMs = overlapMs;
  }

  /** How many of `page`, taken in `window`, were not counted before. */
  add(window: FetchWindow, page: Page): number {
    const from = Date.parse(window.from) + this.#overlapMs;
    const to = window.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.to) - this.#overlapMs;
    let count = 0;
    for (const tx of page) {
      const created = Date.parse(tx.created);
      if (created >= from && created < to) count++;
      else if (!this.#edgeIds.has(tx.id)) {
        this.#edgeIds.add(tx.id);
        count++;
      }
    }
    return count;
  }
}
