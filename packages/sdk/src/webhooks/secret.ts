import { constantTimeEqual } from '../core/constant-time.js';

/*
 * The secret is read from the raw query, not through `URLSearchParams`: that reads `+` as a space, so a secret
 * with `+` (as `openssl rand -base64` prints) registered as is would be refused on every delivery. A value
 * matches when it is the secret percent-decoded with `+` kept (a URL written by hand or by string joining), or
 * form-decoded with `+` as a space (a URL built with `URLSearchParams`, which writes `+` as `%2B` anyway).
 */

/** The raw (still encoded) values of the query parameter `name` in `url`. */
export function rawQueryValues(url: string, name: string): string[] {
  const query = new URL(url).search.slice(1);
  const values: string[] = [];
  if (query === '') return values;
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    if (percentDecode(key) === name || formDecode(key) === name) {
      values.push(equals === -1 ? '' : pair.slice(equals + 1));
    }
  }
  return values;
}

/** True when the raw query value `raw` stands for `secret`, compared in constant time either way it is read. */
export function matchesSecret(raw: string, secret: string): boolean {
  // Both comparisons always run: which one matched must not show in the timing.
  const literal = constantTimeEqual(percentDecode(raw), secret);
  const form = constantTimeEqual(formDecode(raw), secret);
  return literal || form;
}

/** Decodes `%XX` sequences only; a `+` stays a `+`, and a malformed sequence stays as it is. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (sequence) => {
    try {
      return decodeURIComponent(sequence);
    } catch {
      return sequence;
    }
  });
}

function formDecode(text: string): string {
  return percentDecode(text.replaceAll('+', ' '));
}
