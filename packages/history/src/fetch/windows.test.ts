import { describe, expect, it } from 'vitest';
import type { FetchWindow } from './types.js';
import {
  CLOCK_MARGIN_MS,
  MAX_WINDOW_MS,
  mergeGaps,
  OVERLAP_MS,
  planWindows,
  RECENT_MS,
  recentBoundary,
  splitWindow,
  windowsForGaps,
} from './windows.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const at = (time: string | undefined) => Date.parse(time ?? '');

/** Checks that windows, in order, cover [start, end) with each edge overlapping the next by the overlap. */
function expectCover(windows: FetchWindow[], start: number, end: number | undefined): void {
  expect(at(windows[0]?.from)).toBe(start);
  for (const [index, window] of windows.entries()) {
    const next = windows[index + 1];
    if (next) expect(at(window.to)).toBe(at(next.from) + OVERLAP_MS);
    if (window.to !== undefined) expect(at(window.to) - at(window.from)).toBeLessThanOrEqual(MAX_WINDOW_MS);
  }
  const last = windows.at(-1);
  if (end === undefined) expect(last?.to).toBeUndefined();
  else expect(at(last?.to)).toBe(end);
}

describe('planWindows', () => {
  it('covers an account from its opening to now, older than 90 days first, with overlapping edges', () => {
    const created = NOW - 1_200 * DAY;
    const windows = planWindows({ created: new Date(created).toISOString(), now: NOW });
    expectCover(windows, created, undefined);
    const boundary = recentBoundary(NOW);
    expect(boundary).toBe(NOW - RECENT_MS + CLOCK_MARGIN_MS);
    expect(windows.map((window) => window.old)).toEqual([...Array(8).fill(true), ...Array(4).fill(false)]);
    for (const window of windows.filter((item) => item.old))
      expect(at(window.to)).toBeLessThanOrEqual(boundary + OVERLAP_MS);
    expect(at(windows.find((window) => !window.old)?.from)).toBe(boundary);
    // The open-ended last window is not longer than a year either.
    expect(NOW - at(windows.at(-1)?.from)).toBeLessThan(MAX_WINDOW_MS);
  });

  it('cuts a decade into more windows than asked, so that none spans more than a year', () => {
    const created = NOW - 3_650 * DAY;
    const windows = planWindows({ created, now: new Date(NOW), oldWindows: 2, recentWindows: 1 });
    const old = windows.filter((window) => window.old);
    expect(old.length).toBe(10);
    expectCover(windows, created, undefined);
  });

  it('plans only the last 90 days for an account opened within them', () => {
    const created = NOW - 30 * DAY;
    const windows = planWindows({ created, now: NOW, recentWindows: 3 });
    expect(windows).toHaveLength(3);
    expect(windows.every((window) => !window.old)).toBe(true);
    expectCover(windows, created, undefined);
  });

  it('plans one open-ended window for an account opened minutes ago', () => {
    expect(planWindows({ created: NOW - 60_000, now: NOW })).toEqual([
      { from: new Date(NOW - 60_000).toISOString(), to: undefined, old: false },
    ]);
  });

  it('says what is wrong with its input', () => {
    expect(() => planWindows({ created: NOW + DAY, now: NOW })).toThrow(/created .* is after now/);
    expect(() => planWindows({ created: 'yesterday', now: NOW })).toThrow(/created must be a time/);
    expect(() => planWindows({ created: NOW - DAY, now: NOW, oldWindows: 0 })).toThrow(/oldWindows must be/);
    expect(() => planWindows({ created: NOW - DAY, now: NOW, overlapMs: -1 })).toThrow(/overlapMs must be/);
  });
});

describe('windowsForGaps', () => {
  it('walks each gap in windows of a year at most, ending where the gap ends', () => {
    const gaps = [
      { from: new Date(NOW - 900 * DAY).toISOString(), to: new Date(NOW - 100 * DAY).toISOString() },
      { from: new Date(NOW - 1_000 * DAY).toISOString(), to: new Date(NOW - 950 * DAY).toISOString() },
    ];
    const windows = windowsForGaps(gaps, { now: NOW });
    const first = windows.filter((window) => at(window.from) < NOW - 900 * DAY);
    expect(first).toHaveLength(1);
    expectCover(first, NOW - 1_000 * DAY, NOW - 950 * DAY);
    const second = windows.slice(1);
    expect(second.length).toBe(3);
    expectCover(second, NOW - 900 * DAY, NOW - 100 * DAY);
    expect(windows.every((window) => window.old)).toBe(true);
  });

  it('refuses a gap that ends before it starts', () => {
    const gap = { from: new Date(NOW).toISOString(), to: new Date(NOW - DAY).toISOString() };
    expect(() => windowsForGaps([gap], { now: NOW })).toThrow(/must end after it starts/);
  });
});

describe('mergeGaps', () => {
  it('sorts gaps and merges those that touch or overlap', () => {
    const iso = (day: number) => new Date(NOW + day * DAY).toISOString();
    expect(
      mergeGaps([
        { from: iso(5), to: iso(6) },
        { from: iso(0), to: iso(2) },
        { from: iso(1), to: iso(3) },
        { from: iso(3), to: iso(4) },
      ]),
    ).toEqual([
      { from: iso(0), to: iso(4) },
      { from: iso(5), to: iso(6) },
    ]);
  });
});

describe('splitWindow', () => {
  const window: FetchWindow = {
    from: new Date(NOW - 10 * DAY).toISOString(),
    to: new Date(NOW).toISOString(),
    cursor: { id: 'tx_1', created: new Date(NOW - 8 * DAY).toISOString() },
    old: true,
  };

  it('keeps the start and the cursor, and gives the rest after the cut to a new window', () => {
    const cut = NOW - 4 * DAY;
    expect(splitWindow(window, cut)).toEqual([
      { ...window, to: new Date(cut + OVERLAP_MS).toISOString() },
      { from: new Date(cut).toISOString(), to: window.to, old: true },
    ]);
  });

  it('refuses a cut before the cursor or past the end', () => {
    expect(() => splitWindow(window, NOW - 9 * DAY)).toThrow(RangeError);
    expect(() => splitWindow(window, NOW)).toThrow(RangeError);
  });
});
