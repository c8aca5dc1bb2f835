import type { FetchWindow } from './types.js';

/** A walking window, as the choice of which to split sees it. */
export interface Walking {
  window: FetchWindow;
  /** Milliseconds of history one full page of it covered, last seen; `undefined` before a full page. */
  pageSpanMs: number | undefined;
}

/**
 * Which walking window to cut in two for an idle slot, and where: the one (old or recent, as asked) with the
 * most pages left by its own density, if it has at least `minPages` left, cut halfway through what is left.
 * `now` ends the open-ended window.
 */
export function chooseSplit<T extends Walking>(
  walking: Iterable<T>,
  choice: { old: boolean; now: number; minPages: number; overlapMs: number },
): { walking: T; at: number } | undefined {
  let best: { walking: T; at: number } | undefined;
  let bestPages = choice.minPages;
  for (const item of walking) {
    const { window, pageSpanMs } = item;
    if (window.old !== choice.old || window.done || pageSpanMs === undefined) continue;
    const start = Date.parse(window.cursor?.created ?? window.from);
    const end = window.to === undefined ? choice.now : Date.parse(window.to);
    const pages = (end - start) / pageSpanMs;
    // Both halves must be longer than the overlap, or the cut would leave the parent nothing of its own.
    if (pages >= bestPages && end - start > 2 * choice.overlapMs + 2) {
      best = { walking: item, at: start + Math.floor((end - start) / 2) };
      bestPages = pages;
    }
  }
  return best;
}
