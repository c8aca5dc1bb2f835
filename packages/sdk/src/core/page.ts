/** The largest page Monzo serves, and the size `iterate` asks for. */
export const MAX_PAGE_SIZE = 100;

/**
 * Walks Monzo's `since=<last id>` pagination: fetches a page, yields its items, and asks for the next page
 * after the last id, until a page comes back shorter than `limit`. Holds one page at a time, so memory stays
 * flat however long the history. Items already seen on the previous page are skipped, since the API does not
 * document whether `since` is inclusive.
 */
export async function* paginate<T extends { id: string }>(
  fetchPage: (since: string | undefined) => Promise<T[]>,
  firstSince: string | undefined,
  limit: number,
): AsyncGenerator<T, void, undefined> {
  let since = firstSince;
  let previousIds = new Set<string>();
  for (;;) {
    const page = await fetchPage(since);
    const pageIds = new Set<string>();
    for (const item of page) {
      pageIds.add(item.id);
      if (!previousIds.has(item.id)) yield item;
    }
    const last = page.at(-1);
    if (page.length < limit || !last || last.id === since) return;
    since = last.id;
    previousIds = pageIds;
  }
}
