/**
 * Masking of secrets for errors and log lines. Monzo carries secrets in headers (the bearer token) and in form
 * bodies (client_secret, refresh_token, code), so both are masked, always on a copy.
 */

export const REDACTED = '[REDACTED]';

const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'authorization',
  'cookie',
]);

/** True for a header, form field or JSON key whose value is a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/** A copy of `headers` with secret values masked. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) copy[key] = isSecretKey(key) ? REDACTED : value;
  return copy;
}

/** A copy of form or query fields with secret values masked. */
export function redactFields(fields: Iterable<[string, string]>): Array<[string, string]> {
  return Array.from(fields, ([key, value]) => [key, isSecretKey(key) ? REDACTED : value]);
}

const KEY_PATTERN = [...SECRET_KEYS].join('|');
const JSON_SECRET = new RegExp(`("(?:${KEY_PATTERN})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, 'gi');
const FORM_SECRET = new RegExp(`((?:^|[?&\\s])(?:${KEY_PATTERN})=)[^&\\s]*`, 'gi');
const BEARER = /(bearer\s+)[^\s"',]+/gi;

/**
 * Masks secrets in free text: the values of secret keys in JSON or form text, bearer tokens, and every
 * `knownSecrets` value wherever it stands.
 */
export function redactText(text: string, knownSecrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short values would mask ordinary words; real tokens and secrets are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(JSON_SECRET, `$1"${REDACTED}"`)
    .replace(FORM_SECRET, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`);
}
