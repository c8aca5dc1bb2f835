import { MonzoPaginationError } from './errors.js';

/** The largest page Monzo serves, and the size `iterate` asks for. */
export const MAX_PAGE_SIZE = 100;

/**
 * Walks Monzo's `since=<last id>` pagination: fetches a page, yields its items, and asks for the next page
 * after the last id, until a page comes back shorter than `limit`. Holds one page at a time (and one id per page
 * walked), so memory stays flat however long the history. Items already seen on the previous page are skipped,
 * since the API does not document whether `since` is inclusive.
 *
 * A walk that makes no progress ends with a `MonzoPaginationError`, before the page is yielded: a full page with
 * nothing new past the last id, or one ending on an id a page already ended on (a server that ignores `since`
 * serves the same pages again, and would be walked for ever). `what` names the list in the error.
 */
export async function* paginate<T extends { id: string }>(
  fetchPage: (since: string | undefined) => Promise<T[]>,
  firstSince: string | undefined,
  limit: number,
  what = 'the list',
): AsyncGenerator<T, void, undefined> {
  let since = firstSince;
  let previousIds = new Set<string>();
  // The id each page ended on: pages walked forward never end on the same id twice.
  const ends = new Set<string>();
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(since);
    const last = page.at(-1);
    const full = last !== undefined && page.length >= limit;
    if (pages > 1 && full && (ends.has(last.id) || !page.some((item) => !previousIds.has(item.id)))) {
      throw stalled(what, since as string, pages);
    }
    const pageIds = new Set<string>();
    for (const item of page) {
      pageIds.add(item.id);
      if (!previousIds.has(item.id)) yield item;
    }
    if (!full) return;
    ends.add(last.id);
    since = last.id;
    previousIds = pageIds;
  }
}

function stalled(what: string, since: string, pages: number): MonzoPaginationError {
  return new MonzoPaginationError(
    `${what}: the page asked for after ${since} brought nothing new past it (page ${pages}), as if the server ` +
      'ignored `since`; the walk stopped rather than fetch the same pages for ever. Monzo’s API pages forward: ' +
      'check apiUrl (or a proxy on the way).',
    { since, pages },
  );
}
