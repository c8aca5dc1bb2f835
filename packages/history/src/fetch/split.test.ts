import { describe, expect, it } from 'vitest';
import { chooseSplit, type Walking } from './split.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

/** A window walked up to `cursorAt` (hours), ending at `toAt`, one page per `pageHours`. */
function walking(
  fromAt: number,
  cursorAt: number,
  toAt: number | undefined,
  pageHours?: number,
  old = true,
): Walking {
  return {
    window: {
      from: iso(fromAt),
      to: toAt === undefined ? undefined : iso(toAt),
      cursor: { id: `tx_${cursorAt}`, created: iso(cursorAt) },
      old,
    },
    pageSpanMs: pageHours === undefined ? undefined : pageHours * HOUR,
  };
}

const choice = { old: true, now: T0 + 1_000 * HOUR, minPages: 4, overlapMs: 1_000 };

describe('chooseSplit', () => {
  it('cuts the window with the most pages left halfway through what is left', () => {
    const sparse = walking(0, 10, 110, 10); // 10 pages left
    const dense = walking(200, 220, 260, 1); // 40 pages left
    expect(chooseSplit([sparse, dense], choice)).toEqual({ walking: dense, at: T0 + 240 * HOUR });
  });

  it('leaves alone windows with too few pages left, with no full page yet, of the other kind, or done', () => {
    expect(chooseSplit([walking(0, 10, 13, 1)], choice)).toBeUndefined();
    expect(chooseSplit([walking(0, 10, 110)], choice)).toBeUndefined();
    expect(chooseSplit([walking(0, 10, 110, 1, false)], choice)).toBeUndefined();
    const done = walking(0, 10, 110, 1);
    done.window.done = true;
    expect(chooseSplit([done], choice)).toBeUndefined();
  });

  it('ends the open-ended window at now', () => {
    const open = walking(900, 960, undefined, 1, false);
    expect(chooseSplit([open], { ...choice, old: false })).toMatchObject({ at: T0 + 980 * HOUR });
  });

  it('does not cut a stretch no longer than twice the overlap', () => {
    const tiny: Walking = {
      window: { from: iso(0), to: new Date(T0 + 2_001).toISOString(), old: true },
      pageSpanMs: 1,
    };
    expect(chooseSplit([tiny], choice)).toBeUndefined();
  });
});
