import { fail } from '../core/http.js';

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 100;

/** `limit`: default 30; a whole number from 1 to 100, anything else a 400 (strict, SPEC §11). */
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
