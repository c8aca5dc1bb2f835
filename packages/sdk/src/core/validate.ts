import { describeValue } from './encode.js';
import { MonzoValidationError } from './errors.js';

/** A positive integer amount in minor units that a float cannot have rounded. */
export function requireAmount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new MonzoValidationError(
      field,
      `must be a positive whole number of minor units (pence for GBP), got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A page size: Monzo accepts 1 to 100. */
export function requireLimit(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
    throw new MonzoValidationError(
      'limit',
      `must be a whole number from 1 to 100, got ${describeValue(value)}`,
    );
  }
  return value;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const OBJECT_ID = /^[a-z][a-z0-9]*_[A-Za-z0-9]+$/;

/** A time as Monzo takes it: a `Date` or an RFC 3339 string, sent as RFC 3339. */
export function requireTimestamp(field: string, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new MonzoValidationError(field, 'is an invalid Date');
    return value.toISOString();
  }
  if (typeof value === 'string' && isRfc3339(value)) return value;
  throw new MonzoValidationError(
    field,
    `must be a Date or an RFC 3339 time such as 2026-01-31T00:00:00Z, got ${describeValue(value)}`,
  );
}

/**
 * `Date.parse` alone is too lenient: V8 rolls 2026-02-30 over to 2 March and takes hour 24, which RFC 3339
 * does not allow, so the day is checked against its month and the hour against 23.
 */
function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match || Number.isNaN(Date.parse(text))) return false;
  const [year, month, day, hour] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23;
}

/** `since` takes a time or an object id (`tx_…`), as Monzo's pagination does. */
export function requireSince(value: unknown): string {
  if (typeof value === 'string' && OBJECT_ID.test(value)) return value;
  return requireTimestamp('since', value);
}

/** A string map of metadata, as Monzo stores it. */
export function requireStringMap(field: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MonzoValidationError(field, `must be an object of string values, got ${describeValue(value)}`);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) throw new MonzoValidationError(field, 'must have at least one key');
  for (const [key, entry] of entries) {
    if (key === '') throw new MonzoValidationError(field, 'keys must not be empty');
    if (typeof entry !== 'string') {
      throw new MonzoValidationError(`${field}.${key}`, `must be a string, got ${describeValue(entry)}`);
    }
  }
  return value as Record<string, string>;
}

/**
 * The longest delay `setTimeout` honours: a longer one fires at once, which would time out every request or
 * retry sooner than a `Retry-After` asked.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** True for a number of milliseconds a timer can wait: finite, at least `min`, at most `MAX_TIMER_MS`. */
export function isTimerDelay(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= MAX_TIMER_MS;
}

/** Checks the per-call `timeoutMs` and `maxRetries`, which bypass the client's own validation. */
export function requireCallOptions(options: { timeoutMs?: number; maxRetries?: number }): void {
  if (options.timeoutMs !== undefined && !(isTimerDelay(options.timeoutMs, 0) && options.timeoutMs > 0)) {
    throw new MonzoValidationError(
      'timeoutMs',
      `must be a positive number of milliseconds, at most ${MAX_TIMER_MS}`,
    );
  }
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)
  ) {
    throw new MonzoValidationError('maxRetries', 'must be a whole number, 0 or more');
  }
}
