import { fail } from '../core/http.js';

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 100;

/** `limit`: default 30; a whole number from 1 to 100, anything else a 400 (strict, monzo-api.md §11). */
export function parseLimit(value: string | null): number {
  if (value === null) return DEFAULT_LIMIT;
  const limit = /^[0-9]{1,4}$/.test(value) ? Number(value) : 0;
  if (limit < 1 || limit > MAX_LIMIT) {
    throw fail.badParam('limit', `The limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Whether a value is written as an RFC 3339 time (rather than an object id). */
export function looksLikeTime(value: string): boolean {
  return /^\d{4}-/.test(value);
}

/**
 * An RFC 3339 time as epoch ms, or a 400 `bad_param.<field>`. A `+` offset sent unencoded arrives as a space
 * (form decoding), and is read as the `+` it was.
 */
export function parseTime(field: string, value: string): number {
  const canonical = canonicalTime(value);
  if (canonical !== undefined) return canonical;
  const text = value.replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = RFC3339.exec(text);
  const time = match ? Date.parse(text) : Number.NaN;
  if (!match || Number.isNaN(time) || !validFields(match)) {
    throw fail.badParam(field, `The field '${field}' must be an RFC 3339 time such as 2024-01-31T00:00:00Z`);
  }
  return time;
}

/** `Date.parse` rolls 30 February over to March; RFC 3339 does not. */
function validFields(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const days = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  return (
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= days &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 60
  );
}

/** Whether `expand[]=merchant` was asked (the unbracketed `expand=merchant` is taken too). */
export function expandsMerchant(query: URLSearchParams): boolean {
  return query.getAll('expand[]').includes('merchant') || query.getAll('expand').includes('merchant');
}

/**
 * The time of a value written as `toISOString` writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`: what clients send, and
 * every page request of a benchmark), from its digits: the regular expressions, `Date.parse` and the field
 * checks took ~3 µs a request. `undefined` for anything else, or anything `parseTime` checks the long way:
 * years before 100 (which `Date.UTC` reads as 19xx), a leap second, fields out of range.
 */
function canonicalTime(value: string): number | undefined {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  ) {
    return undefined;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const milli = digits(value, 20, 3);
  // `digits` gives -1 for a non-digit: every check below then fails.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
}

/** The number written in `count` decimal digits at `at`, or -1 if one is not a digit. */
function digits(value: string, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) {
    const digit = value.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}
