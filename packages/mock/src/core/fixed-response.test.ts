import { describe, expect, it } from 'vitest';
import { createMockMonzo, IN_PROCESS_URL, signIn } from '../index.js';
import { fixedResponse, isFixedResponse } from './fixed-response.js';

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

describe('a response with a fixed body', () => {
  it('hands lent bytes back once a Response has copied them, and only once', async () => {
    const bytes = new TextEncoder().encode('{"page":1}');
    let released = 0;
    const response = fixedResponse(bytes, { status: 200, headers: JSON_TYPE }, () => released++);
    expect(response.lent).toBe(true);
    expect(response.fixedBody).toBe(bytes);
    const clone = response.clone();
    expect(released).toBe(1);
    // Written over once handed back: neither the response nor its clone show it.
    bytes.fill(32);
    expect(await response.json()).toEqual({ page: 1 });
    expect(await clone.json()).toEqual({ page: 1 });
    expect(response.fixedBody).toBeUndefined();
    response.release();
    expect(released).toBe(1);
    expect(response.bodyUsed).toBe(true);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('keeps text as is, lends nothing, and clones as itself', async () => {
    const response = fixedResponse('{"ok":true}', { status: 201, headers: JSON_TYPE });
    expect(response.lent).toBe(false);
    const clone = response.clone();
    expect(isFixedResponse(clone) && clone.fixedBody).toBe('{"ok":true}');
    expect(clone.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(await clone.json()).toEqual({ ok: true });
  });
});

describe('pages fetched in process', () => {
  it('stay whole while held unread, cloned, and read in any order', async () => {
    const options = { autoApprove: true, transactions: 5_000, now: Date.UTC(2026, 0, 15, 12) };
    // Two emulators of the same dataset: one reads each page at once, the other holds them all first (a page
    // read twice is kept as a copy of its own, so each emulator reads each page once).
    const [alone, holding] = await Promise.all(
      [0, 1].map(async () => {
        const mock = createMockMonzo(options);
        const headers = { Authorization: `Bearer ${(await signIn(mock)).access_token}` };
        return (path: string) => mock.fetch(`${IN_PROCESS_URL}${path}`, { headers });
      }),
    );
    const get = alone as (path: string) => Promise<Response>;
    const { accounts } = (await (await get('/accounts')).json()) as { accounts: Array<{ id: string }> };
    const since = (days: number) => new Date(Date.UTC(2026, 0, 15) - days * 86_400_000).toISOString();
    const paths = [80, 70, 60, 50, 40, 30, 20].map(
      (days) => `/transactions?account_id=${accounts[0]?.id}&limit=100&since=${since(days)}`,
    );
    const expected: string[] = [];
    for (const path of paths) expected.push(await (await get(path)).text());
    const hold = holding as (path: string) => Promise<Response>;
    const held = await Promise.all(paths.map(hold));
    const clone = (held[0] as Response).clone();
    // Read last to first, each read followed by a page nobody reads: rendered into what was handed back.
    const texts: string[] = [];
    for (const [k, response] of [...held].reverse().entries()) {
      texts.unshift(await response.text());
      await hold(paths[k]?.replace('limit=100', 'limit=99') as string);
    }
    expect(texts).toEqual(expected);
    expect(await clone.text()).toBe(expected[0]);
    expect(new Set(expected).size).toBe(paths.length);
  });
});
