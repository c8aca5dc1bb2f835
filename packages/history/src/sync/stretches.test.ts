import { describe, expect, it } from 'vitest';
import { OVERLAP_MS, recentBoundary } from '../fetch/windows.js';
import type { SyncState } from '../store/types.js';
import { outside, planStretches, splitAt } from './stretches.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const iso = (time: number) => new Date(time).toISOString();
const CREATED = iso(NOW - 400 * DAY);

const state = (extra: Partial<SyncState> = {}): SyncState => ({
  user_id: 'user_1',
  last_id: null,
  last_created: null,
  covered_until: iso(NOW - 2 * DAY),
  complete_since: null,
  last_sync: iso(NOW - 2 * DAY),
  full_history: true,
  ...extra,
});

describe('planStretches', () => {
  it('plans the whole life of an account never synced, the last window open-ended', () => {
    const plan = planStretches({
      created: CREATED,
      state: undefined,
      gaps: [],
      resume: undefined,
      now: NOW,
      reachOld: true,
    });
    expect(plan?.first).toBe(true);
    expect(plan?.windows[0]?.from).toBe(CREATED);
    expect(plan?.windows.at(-1)?.to).toBeUndefined();
    expect(plan?.windows.some((window) => window.old)).toBe(true);
    expect(plan?.kept).toEqual([]);
  });

  it('leaves the part older than 90 days as a gap, unwalked, once the window is known to be closed', () => {
    const plan = planStretches({
      created: CREATED,
      state: undefined,
      gaps: [],
      resume: undefined,
      now: NOW,
      reachOld: false,
    });
    expect(plan?.windows.every((window) => !window.old)).toBe(true);
    expect(plan?.kept).toEqual([{ from: CREATED, to: iso(recentBoundary(NOW) + OVERLAP_MS) }]);
  });

  it('has nothing to walk in windows when nothing is missing: the sync reads on in order', () => {
    const input = { created: CREATED, gaps: [], resume: new Date(NOW - 16 * DAY), now: NOW, reachOld: true };
    expect(planStretches({ ...input, state: state() })).toBeUndefined();
  });

  it('walks the gaps and the days since the last sync, each side of the 90-day line on its own', () => {
    const gap = { from: iso(NOW - 200 * DAY), to: iso(NOW - 60 * DAY) };
    const plan = planStretches({
      created: CREATED,
      state: state(),
      gaps: [gap],
      resume: new Date(NOW - 16 * DAY),
      now: NOW,
      reachOld: true,
    });
    const boundary = recentBoundary(NOW);
    expect(plan?.first).toBe(false);
    expect(plan?.known).toEqual([gap]);
    const windows = plan?.windows ?? [];
    expect(windows[0]?.from).toBe(gap.from);
    // Old windows end by the line (and the overlap), recent ones start at it or after.
    for (const window of windows) {
      if (window.old) expect(Date.parse(window.to ?? '')).toBeLessThanOrEqual(boundary + OVERLAP_MS);
      else expect(Date.parse(window.from)).toBeGreaterThanOrEqual(boundary);
    }
    expect(windows.some((window) => window.from === iso(NOW - 16 * DAY))).toBe(true);
    expect(windows.at(-1)?.to).toBeUndefined();
    // Nothing between the gap and the last days: that is held.
    expect(
      windows.some(
        (window) => Date.parse(window.from) > NOW - 60 * DAY && Date.parse(window.from) < NOW - 16 * DAY,
      ),
    ).toBe(false);
  });

  it('takes a history whose first sync saw only 90 days as missing before complete_since', () => {
    const since = iso(NOW - 89 * DAY);
    const plan = planStretches({
      created: CREATED,
      state: state({ complete_since: since, full_history: false }),
      gaps: [],
      resume: new Date(NOW - 16 * DAY),
      now: NOW,
      reachOld: true,
    });
    expect(plan?.known).toEqual([{ from: CREATED, to: since }]);
  });
});

describe('splitAt and outside', () => {
  it('cuts a stretch across the line in two that overlap by a second', () => {
    const boundary = NOW - 90 * DAY;
    const stretch = { from: iso(NOW - 100 * DAY), to: iso(NOW - 80 * DAY) };
    expect(splitAt([stretch], boundary)).toEqual({
      old: [{ from: stretch.from, to: iso(boundary + OVERLAP_MS) }],
      recent: [{ from: iso(boundary), to: stretch.to }],
    });
  });

  it('gives the parts outside what was known, but for slivers of the overlap', () => {
    const a = iso(NOW - 10 * DAY);
    const b = iso(NOW - 8 * DAY);
    const c = iso(NOW - 5 * DAY);
    expect(outside([{ from: a, to: c }], [{ from: a, to: b }])).toEqual([{ from: b, to: c }]);
    expect(outside([{ from: a, to: iso(Date.parse(b) + OVERLAP_MS) }], [{ from: a, to: b }])).toEqual([]);
    expect(outside([{ from: a, to: b }], [])).toEqual([{ from: a, to: b }]);
  });
});
