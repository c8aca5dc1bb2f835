import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzz } from '../../../sdk/test/support/fuzz.js';
import { UsageError } from '../errors.js';
import { parseDate } from './dates.js';

/**
 * `--since` and `--before` as people type them: the time they mean, or a UsageError that lists the forms
 * accepted; never an Invalid Date, a date in another century, or another error.
 */

const RUNS = 3000;
const NOW = new Date(Date.UTC(2026, 2, 15, 14, 30, 0));
const initialZone = process.env.TZ;

afterAll(() => {
  process.env.TZ = initialZone;
});

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Days in a month of the proleptic Gregorian calendar, which ISO 8601 and RFC 3339 use for every year. */
function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
}

function parsed(text: string): Date | undefined {
  try {
    const date = parseDate(text, NOW, '--since');
    expect(Number.isNaN(date.getTime())).toBe(false);
    return date;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--since: .* is not a date; write one of /);
    return undefined;
  }
}

const calendarDay = fc.record({
  year: fc.oneof(
    fc.integer({ min: 0, max: 9999 }),
    fc.constantFrom(0, 4, 26, 99, 100, 400, 1900, 2000, 2024, 2100),
  ),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
});

describe('parseDate, whatever is typed', () => {
  it('gives a valid Date or a UsageError for any text', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ maxLength: 30, unit: 'binary' }),
      fc
        .array(
          fc.constantFrom(
            '2026',
            '-',
            '01',
            '31',
            'T',
            ' ',
            ':',
            '09',
            '30',
            '.5',
            'Z',
            '+01:00',
            'd',
            'w',
            'h',
          ),
          {
            maxLength: 10,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (typed) => {
        parsed(typed);
      }),
      fuzz(RUNS),
    );
  });

  it('reads a time with a zone as that exact instant, to the millisecond, in any year 0000-9999', () => {
    const instant = fc.record({
      time: fc.integer({
        min: Date.parse('0000-01-01T00:00:00Z'),
        max: Date.parse('9999-12-31T23:59:59.999Z'),
      }),
      offset: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
      colon: fc.boolean(),
      digits: fc.integer({ min: 0, max: 9 }),
      separator: fc.constantFrom('T', 't', ' '),
    });
    fc.assert(
      fc.property(instant, ({ time, offset, colon, digits, separator }) => {
        // The wall time at that offset, written out with `digits` fractional digits.
        const wall = new Date(time + offset * 60_000);
        if (wall.getUTCFullYear() < 0 || wall.getUTCFullYear() > 9999) return;
        const sign = offset < 0 ? '-' : '+';
        const zone =
          offset === 0 && !colon
            ? 'Z'
            : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${colon ? ':' : ''}${pad(Math.abs(offset) % 60)}`;
        const fraction =
          digits === 0 ? '' : `.${`${pad(wall.getUTCMilliseconds(), 3)}123456`.slice(0, digits)}`;
        const text =
          `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}${separator}` +
          `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${fraction}${zone}`;
        const expectedMs = digits >= 3 ? time : time - (wall.getUTCMilliseconds() % 10 ** (3 - digits));
        expect(parsed(text)?.getTime()).toBe(expectedMs);
      }),
      fuzz(RUNS),
    );
  });

  for (const zone of ['UTC', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe']) {
    it(`reads a date alone as the start of that very day in local time (${zone}), and refuses days that do not exist`, () => {
      process.env.TZ = zone;
      fc.assert(
        fc.property(calendarDay, ({ year, month, day }) => {
          const result = parsed(`${pad(year, 4)}-${pad(month)}-${pad(day)}`);
          const exists = month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
          if (!exists) {
            expect(result).toBeUndefined();
            return;
          }
          if (!result) throw new Error('refused a day that exists');
          expect([result.getFullYear(), result.getMonth() + 1, result.getDate()]).toEqual([year, month, day]);
          // The start of the day: a moment earlier is the day before.
          expect(new Date(result.getTime() - 1).getDate()).not.toBe(day);
        }),
        fuzz(RUNS / 3),
      );
      process.env.TZ = initialZone;
    });
  }

  it('reads a local time as those very fields, and refuses hours, minutes and seconds out of range', () => {
    const fields = fc.record({
      day: calendarDay,
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fields, ({ day: { year, month, day }, hour, minute, second }) => {
        const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}${second === undefined ? '' : `:${pad(second)}`}`;
        const result = parsed(text);
        const valid =
          month >= 1 &&
          month <= 12 &&
          day >= 1 &&
          day <= daysIn(year, month) &&
          hour <= 23 &&
          minute <= 59 &&
          (second ?? 0) <= 59;
        if (!valid) {
          expect(result).toBeUndefined();
          return;
        }
        if (!result) throw new Error('refused a time that exists');
        expect([
          result.getFullYear(),
          result.getMonth() + 1,
          result.getDate(),
          result.getHours(),
          result.getMinutes(),
          result.getSeconds(),
        ]).toEqual([year, month, day, hour, minute, second ?? 0]);
      }),
      fuzz(RUNS),
    );
  });

  it('reads a span as that long before now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.constantFrom('h', 'd', 'w', 'H', 'D', 'W'),
        fc.constantFrom('', ' '),
        (count, unit, space) => {
          const ms = { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit.toLowerCase() as 'h' | 'd' | 'w'];
          expect(parsed(`${count}${space}${unit}`)?.getTime()).toBe(NOW.getTime() - count * ms);
        },
      ),
      fuzz(RUNS),
    );
  });
});
