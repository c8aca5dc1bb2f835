import { MonzoScaWindowError } from 'monzo-ts';
import { afterEach, describe, expect, it } from 'vitest';
import { type FetchSetup, fetchSetup, PageRecorder } from './test-support.js';
import type { FetchWindow, Gap, WalkProgress } from './types.js';
import { walkAccount } from './walk.js';
import { OVERLAP_MS, planWindows, recentBoundary, windowsForGaps } from './windows.js';

const DAY = 86_400_000;

const setups: FetchSetup[] = [];
afterEach(async () => {
  await Promise.all(setups.splice(0).map((setup) => setup.close()));
});

async function fresh(transactions: number): Promise<FetchSetup> {
  const setup = await fetchSetup({ transactions });
  setups.push(setup);
  return setup;
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('walkAccount', () => {
  it('brings every transaction exactly once, as a sequential iterate does, splitting dense windows', async () => {
    const s = await fresh(4_000);
    const expected = await s.sequential();
    const client = await s.login();
    const now = s.mock.control.now();
    const windows = planWindows({ created: s.created, now });
    const recorder = new PageRecorder();
    const splits: Array<[FetchWindow, FetchWindow]> = [];
    const { gaps, stats } = await walkAccount({
      client,
      account_id: s.account_id,
      windows,
      minSplitPages: 2,
      now: () => s.mock.control.now(),
      onPage: recorder.onPage,
      onSplit: (parent, child) => {
        splits.push([parent, child]);
      },
    });

    expect(gaps).toEqual([]);
    expect(sorted(recorder.byId.keys())).toEqual(sorted(expected.map((tx) => tx.id)));
    // The stats count each once, though a transaction on a window's edge may come twice.
    expect(stats.transactions).toBe(expected.length);
    for (const [id, times] of recorder.times) {
      if (times > 1)
        expect(nearAnEdge(recorder.byId.get(id)?.created, [...windows, ...splits.flat()])).toBe(true);
    }
    expect(recorder.byId.get(expected[0]?.id ?? '')).toEqual(expected[0]);
    expect(stats.splits).toBe(splits.length);
    expect(stats.splits).toBeGreaterThan(0);
    for (const [parent, child] of splits)
      expect(Date.parse(parent.to ?? '')).toBe(Date.parse(child.from) + OVERLAP_MS);
    expect(stats).toMatchObject({ rateLimited: 0, serverErrors: 0, retries: 0, pages: recorder.pages });
    expect(stats.requests).toBe(stats.pages);
  });

  it('still brings every transaction once through random 5xx and 429 answers, retrying each', async () => {
    const s = await fresh(3_000);
    const expected = await s.sequential();
    const client = await s.login();
    s.mock.control.fault({ path: '/transactions', status: 503, probability: 0.08 });
    s.mock.control.fault({ path: '/transactions', status: 429, probability: 0.08 });
    s.mock.control.fault({ path: '/transactions', status: 500, probability: 0.04 });
    const recorder = new PageRecorder();
    const { gaps, stats } = await walkAccount({
      client,
      account_id: s.account_id,
      windows: planWindows({ created: s.created, now: s.mock.control.now() }),
      now: () => s.mock.control.now(),
      onPage: recorder.onPage,
    });

    expect(gaps).toEqual([]);
    expect(sorted(recorder.byId.keys())).toEqual(sorted(expected.map((tx) => tx.id)));
    expect(stats.transactions).toBe(expected.length);
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(stats.serverErrors).toBeGreaterThan(0);
    expect(stats.retries).toBe(stats.rateLimited + stats.serverErrors);
    expect(stats.requests).toBe(stats.pages + stats.retries);
  });

  it('when the 5-minute window closes mid-walk, finishes the last 90 days and returns exactly what is missing as gaps', async () => {
    const s = await fresh(3_000);
    const expected = await s.sequential();
    const client = await s.login();
    const now = s.mock.control.now();
    const windows = planWindows({ created: s.created, now });
    const recorder = new PageRecorder();
    const progress: WalkProgress[] = [];
    let oldPages = 0;
    const { gaps } = await walkAccount({
      client,
      account_id: s.account_id,
      windows,
      concurrency: 2,
      deadline: now + 5 * 60_000,
      now: () => s.mock.control.now(),
      onPage: (window, page, cursor) => {
        recorder.onPage(window, page, cursor);
        if (window.old && page.length > 0 && ++oldPages === 3) s.closeWindow();
      },
      onProgress: (item) => progress.push(item),
    });

    const boundary = recentBoundary(now);
    const held = new Set(recorder.byId.keys());
    const missing = expected.filter((tx) => !held.has(tx.id));
    expect(missing.length).toBeGreaterThan(0);
    expect(gaps.length).toBeGreaterThan(0);
    // The last 90 days are whole; every gap is older, and every transaction not held lies in one.
    for (const tx of expected) if (Date.parse(tx.created) >= boundary) expect(held.has(tx.id)).toBe(true);
    for (const gap of gaps) expect(Date.parse(gap.to)).toBeLessThanOrEqual(boundary + OVERLAP_MS);
    for (const tx of missing) expect(inside(tx.created, gaps), tx.created).toBe(true);
    // And no gap holds what was fetched, but at its very start (the cursor) and its overlap with the next window.
    for (const tx of expected) {
      if (!held.has(tx.id)) continue;
      const t = Date.parse(tx.created);
      const within = gaps.some((gap) => t > Date.parse(gap.from) && t < Date.parse(gap.to) - OVERLAP_MS);
      expect(within, `${tx.id} at ${tx.created} was fetched but lies in a gap`).toBe(false);
    }
    expect(progress.at(-1)).toMatchObject({ windowClosed: true, timeLeftMs: 0, windowsLeft: 0 });
    expect(progress[0]?.timeLeftMs).toBeGreaterThan(4 * 60_000);

    // A new login opens a new window: a walk of the gaps alone completes the set.
    const again = await walkAccount({
      client: await s.login(),
      account_id: s.account_id,
      windows: windowsForGaps(gaps, { now: s.mock.control.now() }),
      now: () => s.mock.control.now(),
      onPage: recorder.onPage,
    });
    expect(again.gaps).toEqual([]);
    expect(again.stats.transactions).toBeGreaterThanOrEqual(missing.length);
    expect(sorted(recorder.byId.keys())).toEqual(sorted(expected.map((tx) => tx.id)));
  });

  it('stops at once when cancelled, and a walk from the windows as stored resumes where it stopped', async () => {
    const s = await fresh(3_000);
    const expected = await s.sequential();
    const client = await s.login();
    const windows = planWindows({ created: s.created, now: s.mock.control.now() });
    const recorder = new PageRecorder();
    const controller = new AbortController();
    let afterAbort = 0;
    const walk = walkAccount({
      client,
      account_id: s.account_id,
      windows,
      minSplitPages: 2,
      signal: controller.signal,
      now: () => s.mock.control.now(),
      onPage: (window, page, cursor) => {
        if (controller.signal.aborted) afterAbort++;
        recorder.onPage(window, page, cursor);
        if (recorder.pages === 8) controller.abort();
      },
      onSplit: recorder.onSplit,
    });
    // The signal's own reason, as `fetch` does.
    await expect(walk).rejects.toMatchObject({ name: 'AbortError' });
    expect(afterAbort).toBe(0);
    expect(recorder.byId.size).toBeLessThan(expected.length);

    const stored = new Map(windows.map((window) => [window.from, window]));
    for (const window of recorder.windows.values()) stored.set(window.from, window);
    const before = recorder.byId.size;
    const resumed = await walkAccount({
      client,
      account_id: s.account_id,
      windows: [...stored.values()],
      now: () => s.mock.control.now(),
      onPage: recorder.onPage,
    });
    expect(resumed.gaps).toEqual([]);
    expect(sorted(recorder.byId.keys())).toEqual(sorted(expected.map((tx) => tx.id)));
    // Each window went on from its cursor: what was held was not fetched again, but at the windows' edges.
    const again = resumed.stats.transactions - (expected.length - before);
    expect(again).toBeGreaterThanOrEqual(0);
    expect(again).toBeLessThan(10);
  });

  it('hands on no page of a split window before the split is stored, and what is stored covers all that is unread at every moment', async () => {
    const s = await fresh(3_000);
    const expected = await s.sequential();
    const client = await s.login();
    const windows = planWindows({ created: s.created, now: s.mock.control.now() });
    // What a store holds: the transactions, and each window's unread stretch as last handed on (a killed walk
    // resumes from these alone).
    const stored = new Map(windows.map((window) => [window.from, window]));
    const held = new Set<string>();
    const unread = (t: number) =>
      [...stored.values()].some(
        (window) =>
          !window.done &&
          t >= Date.parse(window.cursor?.created ?? window.from) &&
          (window.to === undefined || t < Date.parse(window.to)),
      );
    const lost = () => expected.filter((tx) => !held.has(tx.id) && !unread(Date.parse(tx.created))).length;
    const storing = new Set<string>();
    let splits = 0;
    const { stats } = await walkAccount({
      client,
      account_id: s.account_id,
      windows,
      minSplitPages: 2,
      // Slots free while a split is stored: a child is split again before the split that made it is stored.
      concurrency: 8,
      now: () => s.mock.control.now(),
      onSplit: async (parent, child) => {
        splits++;
        storing.add(parent.from).add(child.from);
        await new Promise((resolve) => setTimeout(resolve, 20));
        stored.set(parent.from, parent).set(child.from, child);
        expect(lost(), `stretches left out of what is stored, after the split at ${child.from}`).toBe(0);
        storing.delete(parent.from);
        storing.delete(child.from);
      },
      onPage: (window, page) => {
        expect(storing.has(window.from), `a page of ${window.from} while its split was being stored`).toBe(
          false,
        );
        for (const tx of page) held.add(tx.id);
        stored.set(window.from, window);
        expect(lost(), `stretches left out of what is stored, after a page of ${window.from}`).toBe(0);
      },
    });
    expect(splits).toBeGreaterThan(2);
    expect(stats.transactions).toBe(3_000);
  });

  it('refuses windows it cannot walk, saying what is wrong, before any request', async () => {
    const s = await fresh(100);
    const client = await s.login();
    const walk = (windows: FetchWindow[]) =>
      walkAccount({ client, account_id: s.account_id, windows, onPage: () => {} });
    const from = new Date(s.mock.control.now() - DAY).toISOString();
    await expect(walk([{ from: 'soon', old: false }])).rejects.toThrow(/from must be an RFC 3339 time/);
    await expect(walk([{ from, to: from, old: false }])).rejects.toThrow(
      /must be an RFC 3339 time after from/,
    );
    s.mock.control.resetCounters();
    await expect(walkAccount({ client, account_id: '', windows: [], onPage: () => {} })).rejects.toThrow(
      /account_id must be/,
    );
    expect(s.mock.control.counters().requests['GET /transactions']).toBeUndefined();
  });

  it('keeps to a fixed concurrency when given one', async () => {
    const s = await fresh(1_500);
    const client = await s.login();
    const recorder = new PageRecorder();
    const { stats } = await walkAccount({
      client,
      account_id: s.account_id,
      windows: planWindows({ created: s.created, now: s.mock.control.now() }),
      concurrency: 3,
      now: () => s.mock.control.now(),
      onPage: recorder.onPage,
    });
    expect(stats.maxConcurrency).toBe(3);
    expect(stats.transactions).toBe(1_500);
  });

  it('fails with the SCA error when even the last 90 days are refused (a clock far off), after stopping', async () => {
    const s = await fresh(500);
    const client = await s.login();
    s.closeWindow();
    const recorder = new PageRecorder();
    // This computer believes it is 10 days earlier than Monzo does: its "last 90 days" reach back 100.
    const skewed = s.mock.control.now() - 10 * DAY;
    const walk = walkAccount({
      client,
      account_id: s.account_id,
      windows: planWindows({ created: s.created, now: skewed }),
      now: () => skewed,
      onPage: recorder.onPage,
    });
    await expect(walk).rejects.toBeInstanceOf(MonzoScaWindowError);
  });
});

/** Whether a time lies in one of the gaps (`from` inclusive, `to` exclusive). */
function inside(created: string, gaps: Gap[]): boolean {
  const t = Date.parse(created);
  return gaps.some((gap) => t >= Date.parse(gap.from) && t < Date.parse(gap.to));
}

/** Whether a time lies within the overlap of some window's start or end. */
function nearAnEdge(created: string | undefined, windows: FetchWindow[]): boolean {
  const t = Date.parse(created ?? '');
  return windows.some((window) => {
    const from = Date.parse(window.from);
    const to = window.to === undefined ? Number.NaN : Date.parse(window.to);
    return (t >= from && t < from + OVERLAP_MS) || (t >= to - OVERLAP_MS && t < to);
  });
}
