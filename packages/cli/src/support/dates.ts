import { UsageError } from '../errors.js';

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const RELATIVE = /^(\d{1,5})\s*([hdw])$/i;

/** What `--since` and `--before` accept, for help texts and errors. */
export const DATE_FORMATS =
  '2026-01-31 (midnight, local time), 2026-01-31T09:30 (local), 2026-01-31T09:30:00Z or +01:00, ' +
  '30d / 12h / 2w (that long ago), today, yesterday, now';

/**
 * A time as a person types it on a command line, relative to `now`. A date alone is the start of that day in
 * the local time zone, as a person means "since the 31st"; a time without a zone is local too. Calendar days
 * are checked (2026-02-30 is refused, where `Date` would roll it over to March).
 */
export function parseDate(text: string, now: Date, option = 'date'): Date {
  const value = text.trim();
  const parsed = parse(value, now);
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new UsageError(`${option}: ${JSON.stringify(text)} is not a date; write one of ${DATE_FORMATS}`);
  }
  return parsed;
}

function parse(value: string, now: Date): Date | undefined {
  const lower = value.toLowerCase();
  if (lower === 'now') return new Date(now);
  if (lower === 'today') return startOfDay(now, 0);
  if (lower === 'yesterday') return startOfDay(now, -1);
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, count = '0', unit = 'd'] = relative;
    return new Date(now.getTime() - Number(count) * (UNIT_MS[unit.toLowerCase()] ?? DAY_MS));
  }
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1, 4).map(Number) as [number, number, number];
    // Not `new Date(year, …)`, which takes years 0-99 for 1900-1999: an ISO time without a zone is local too.
    return validDay(year, month, day) ? new Date(`${value}T00:00:00`) : undefined;
  }
  const time = DATE_TIME.exec(value);
  if (time) {
    const [year, month, day, hour, minute, second = 0] = time
      .slice(1, 7)
      .map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
    const zone = time[8];
    // Date parses ISO strings with a zone exactly; without one it would take local time, as meant here.
    const iso = `${time.slice(1, 4).join('-')}T${time[4]}:${time[5]}:${time[6] ?? '00'}${time[7] ?? ''}`;
    return new Date(zone ? `${iso}${normaliseZone(zone)}` : iso);
  }
  return undefined;
}

function startOfDay(now: Date, offsetDays: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays);
}

/** A day of the proleptic Gregorian calendar, as ISO 8601 counts them in every year, 0000 included. */
function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

/** `Z` and `+0100` as `Z` and `+01:00`, the forms `Date` reads everywhere. */
function normaliseZone(zone: string): string {
  if (zone.toUpperCase() === 'Z') return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}
