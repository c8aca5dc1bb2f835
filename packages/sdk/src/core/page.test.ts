import { describe, expect, it } from 'vitest';
import { MonzoPaginationError } from './errors.js';
import { paginate } from './page.js';

interface Item {
  id: string;
}

const ids = (from: number, to: number): Item[] =>
  Array.from({ length: to - from }, (_, index) => ({ id: `tx_${String(from + index).padStart(6, '0')}` }));

/** A fake API over `items` that honours `since` as an exclusive cursor, and records each call. */
function fakeApi(items: Item[], limit: number) {
  const calls: Array<string | undefined> = [];
  const fetchPage = async (since: string | undefined) => {
    calls.push(since);
    const start = since === undefined ? 0 : items.findIndex((item) => item.id === since) + 1;
    return items.slice(start, start + limit);
  };
  return { calls, fetchPage };
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

/** Reads `iterator` into `seen` until it ends (undefined) or throws (the error). */
async function drain<T>(iterator: AsyncIterable<T>, seen: T[]): Promise<unknown> {
  try {
    for await (const item of iterator) seen.push(item);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('paginate', () => {
  it('stops after a short page without asking again', async () => {
    const api = fakeApi(ids(0, 250), 100);
    const seen = await collect(paginate(api.fetchPage, undefined, 100));
    expect(seen).toHaveLength(250);
    expect(api.calls).toEqual([undefined, 'tx_000099', 'tx_000199']);
  });

  it('asks once more after a full last page, and stops on the empty page', async () => {
    const api = fakeApi(ids(0, 200), 100);
    expect(await collect(paginate(api.fetchPage, undefined, 100))).toHaveLength(200);
    expect(api.calls).toEqual([undefined, 'tx_000099', 'tx_000199']);
  });

  it('starts from the caller’s since and passes the last id of each page as the next since', async () => {
    const api = fakeApi(ids(0, 10), 3);
    const seen = await collect(paginate(api.fetchPage, 'tx_000001', 3));
    expect(seen.map((item) => item.id)).toEqual(ids(2, 10).map((item) => item.id));
    expect(api.calls).toEqual(['tx_000001', 'tx_000004', 'tx_000007']);
  });

  it('yields nothing for an empty first page', async () => {
    const api = fakeApi([], 100);
    expect(await collect(paginate(api.fetchPage, undefined, 100))).toEqual([]);
    expect(api.calls).toEqual([undefined]);
  });

  it('skips ids repeated from the previous page, as when since is inclusive', async () => {
    const all = ids(0, 7);
    const calls: Array<string | undefined> = [];
    // Inclusive cursor: each page starts with the item named by `since`.
    const fetchPage = async (since: string | undefined) => {
      calls.push(since);
      const start = since === undefined ? 0 : all.findIndex((item) => item.id === since);
      return all.slice(start, start + 3);
    };
    const seen = await collect(paginate(fetchPage, undefined, 3));
    expect(seen.map((item) => item.id)).toEqual(all.map((item) => item.id));
    expect(calls).toEqual([undefined, 'tx_000002', 'tx_000004', 'tx_000006']);
  });

  it('ends with a MonzoPaginationError when the page after the cursor is the same page again', async () => {
    const page = ids(0, 3);
    let calls = 0;
    const fetchPage = async () => {
      calls++;
      if (calls > 10) throw new Error('looped');
      return page;
    };
    const seen: Item[] = [];
    const error = await drain(paginate(fetchPage, undefined, 3, 'GET /things'), seen);
    expect(error).toBeInstanceOf(MonzoPaginationError);
    expect(error).toMatchObject({ since: 'tx_000002', pages: 2 });
    expect((error as Error).message).toContain('GET /things');
    expect(seen).toEqual(page);
    expect(calls).toBe(2);
  });

  it.each([
    ['two pages in turn', [ids(0, 3), ids(3, 6)]],
    ['three pages in turn', [ids(0, 3), ids(3, 6), ids(6, 9)]],
    ['a page and its reverse', [ids(0, 3), ids(0, 3).reverse()]],
  ])(
    'ends with a MonzoPaginationError, each item yielded once, when the server serves %s whatever since says',
    async (_, pages) => {
      let calls = 0;
      const fetchPage = async () => {
        calls++;
        if (calls > 50) throw new Error('looped');
        return pages[(calls - 1) % pages.length] as Item[];
      };
      const seen: Item[] = [];
      const error = await drain(paginate(fetchPage, undefined, 3), seen);
      expect(error).toBeInstanceOf(MonzoPaginationError);
      expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
      expect(calls).toBeLessThanOrEqual(pages.length + 2);
    },
  );

  it('ends, if not before yielding an item twice, when the server serves overlapping pages in turn', async () => {
    const pages = [ids(0, 3), ids(2, 5), ids(1, 4)];
    let calls = 0;
    const fetchPage = async () => pages[calls++ % pages.length] as Item[];
    const error = await drain(paginate(fetchPage, undefined, 3), []);
    expect(error).toBeInstanceOf(MonzoPaginationError);
    expect(calls).toBe(4);
  });

  it('ends quietly on a short page with nothing new, as an inclusive since gives at the end', async () => {
    const all = ids(0, 3);
    const fetchPage = async (since: string | undefined) =>
      since === undefined ? all : all.filter((item) => item.id >= since);
    expect(await collect(paginate(fetchPage, undefined, 3))).toEqual(all);
  });

  it('passes on an error from fetching a page after yielding the pages before it', async () => {
    const seen: Item[] = [];
    const fetchPage = async (since: string | undefined) => {
      if (since) throw new Error('network down');
      return ids(0, 2);
    };
    await expect(
      (async () => {
        for await (const item of paginate(fetchPage, undefined, 2)) seen.push(item);
      })(),
    ).rejects.toThrow('network down');
    expect(seen).toHaveLength(2);
  });

  it('walks 10,000 items in exactly ceil(n / limit) + 1 calls, fetching each page only when it is needed', async () => {
    const total = 10_000;
    const limit = 100;
    let calls = 0;
    let yielded = 0;
    const fetchPage = async (since: string | undefined) => {
      calls++;
      // Never prefetch: the next page is asked for only once every item of the last one was consumed.
      expect(yielded).toBe((calls - 1) * limit);
      const start = since === undefined ? 0 : Number(since.slice(3)) + 1;
      return Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, index) => ({
        id: `tx_${start + index}`,
      }));
    };
    let expected = 0;
    for await (const item of paginate(fetchPage, undefined, limit)) {
      expect(item.id).toBe(`tx_${expected++}`);
      yielded++;
      expect(calls).toBe(Math.floor((yielded - 1) / limit) + 1);
    }
    expect(yielded).toBe(total);
    expect(calls).toBe(Math.ceil(total / limit) + 1);
  });

  it('stops fetching when the consumer breaks out early', async () => {
    const api = fakeApi(ids(0, 1000), 100);
    for await (const item of paginate(api.fetchPage, undefined, 100)) {
      if (item.id === 'tx_000150') break;
    }
    expect(api.calls).toHaveLength(2);
  });
});
