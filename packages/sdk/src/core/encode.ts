import { MonzoValidationError } from './errors.js';

/** A query or form value; arrays repeat the key (`expand[]=a&expand[]=b`), `undefined` leaves it out. */
export type FieldValue = string | number | boolean | readonly string[] | undefined;
export type Fields = Record<string, FieldValue>;

/**
 * Encodes fields as `application/x-www-form-urlencoded`, the way Monzo's docs show them: brackets
 * percent-encoded (`metadata%5Bfoo%5D=bar`), spaces as `+`, keys in the order given.
 */
export function encodeFields(fields: Fields): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    requireWholeCharacters(key, key, 'its name');
    for (const item of Array.isArray(value) ? value : [String(value)]) {
      params.append(key, requireWholeCharacters(key, item, 'it'));
    }
  }
  return params;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses text with half of a character (a lone UTF-16 surrogate, as when an emoji is cut in two): a form or a
 * URL would silently send U+FFFD in its place, and `encodeURIComponent` throws a bare `URIError`.
 */
function requireWholeCharacters(field: string, text: string, what: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new MonzoValidationError(
      field,
      `${what} holds half of a character (a lone UTF-16 surrogate, as when an emoji is cut in two); pass whole characters`,
    );
  }
  return text;
}

/** Flattens a map into bracketed keys: `{ title: 'x' }` under `params` becomes `params[title]=x`. */
export function bracketed(prefix: string, map: Record<string, string | undefined>): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(map)) fields[`${prefix}[${key}]`] = value;
  return fields;
}

/** Joins the base URL, a path and a query; the base may carry a path prefix of its own. */
export function buildUrl(baseUrl: string, path: string, query?: Fields): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const search = query ? encodeFields(query).toString() : '';
  return `${base}${path}${search ? `?${search}` : ''}`;
}

/**
 * A path built from literal parts and id values; each value is checked and percent-encoded so an id can never
 * change the path (`..`, `/`, `?`).
 *
 * @example path`/pots/${potId}/deposit`
 */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  let out = strings[0] ?? '';
  ids.forEach((id, index) => {
    // URL parsers resolve `..` and `%2e%2e` alike, so no encoding keeps a dot segment in place: refuse it.
    if (id === '.' || id === '..') throw new MonzoValidationError('id', `"${id}" is not an id`);
    out += encodeURIComponent(id) + (strings[index + 1] ?? '');
  });
  return out;
}

/** Refuses an id that is not a non-empty string or that is a dot segment. */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MonzoValidationError(field, `must be a non-empty string, got ${describeValue(value)}`);
  }
  if (value === '.' || value === '..') throw new MonzoValidationError(field, `"${value}" is not an id`);
  return requireWholeCharacters(field, value, 'it');
}

/** A short, safe description of a value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(value.slice(0, 40));
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'undefined')
    return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
