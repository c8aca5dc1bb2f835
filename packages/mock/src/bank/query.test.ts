import { describe, expect, it } from 'vitest';
import { hash } from '../core/random.js';
import { parseTime } from './query.js';

/**
 * What `parseTime` accepted before it read the `toISOString` form from its digits: RFC 3339 as the pattern
 * reads it, parsed by `Date.parse`, fields checked with `Date.UTC`'s calendar (which reads years 0–99 as 19xx).
 */
function reference(value: string): number | undefined {
  const text = value.replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(
    text,
  );
  const time = match ? Date.parse(text) : Number.NaN;
  if (!match || Number.isNaN(time)) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const days = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  const valid =
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= days &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 60;
  return valid ? time : undefined;
}

function parsed(value: string): number | undefined {
  try {
    return parseTime('since', value);
  } catch (error) {
    expect(error).toMatchObject({ status: 400, code: 'bad_request.bad_param.since' });
    return undefined;
  }
}

describe('times in a query', () => {
  it('are read as before, in the toISOString form and any other, valid or not', () => {
    let state = 7;
    const next = (below: number) => {
      state = hash(state, 0x51ed);
      return state % below;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const years = [0, 4, 99, 100, 400, 1900, 1970, 2000, 2024, 2026, 2100, 9999];
    const values = ['2026-02-28T23:59:59.999Z', '2026-02-29T00:00:00.000Z', '2024-02-29T12:00:00.000Z'];
    for (let n = 0; n < 20_000; n++) {
      const year = next(3) === 0 ? (years[next(years.length)] as number) : next(10_000);
      const fields = [
        pad(next(14), 2),
        pad(next(33), 2),
        pad(next(26), 2),
        pad(next(62), 2),
        pad(next(62), 2),
      ];
      const [month, day, hour, minute, second] = fields;
      values.push(`${pad(year, 4)}-${month}-${day}T${hour}:${minute}:${second}.${pad(next(1_000), 3)}Z`);
    }
    // Near misses of the form, and the other forms the pattern takes.
    values.push(
      '2026-01-15t12:00:00.000z',
      '2026-01-15T12:00:00.000+01:00',
      '2026-01-15T12:00:00Z',
      '2026-01-15T12:00:00.0000Z',
      '2026-01-15T12:00:00.00xZ',
      '2026-01-15T12:00:0x.000Z',
      '+02026-01-15T12:00:00.00Z',
      '2026-01-15 12:00:00.000Z',
      '2026-01-15T12:00:00.000 01:00',
      '2026-01-15T12:00:00.000Z ',
    );
    const differ = values.filter((value) => parsed(value) !== reference(value));
    expect(differ).toEqual([]);
    // Both kinds are in the corpus.
    expect(values.filter((value) => reference(value) === undefined).length).toBeGreaterThan(1_000);
    expect(values.filter((value) => reference(value) !== undefined).length).toBeGreaterThan(1_000);
  });
});
