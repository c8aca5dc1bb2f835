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
/** The user name and password of a URL (`http://user:pass@host`): `fetch` quotes the whole URL when it refuses one. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

/**
 * Masks secrets in free text: the values of secret keys in JSON or form text, bearer tokens, the credentials
 * of URLs, and every `knownSecrets` value wherever it stands, as is or percent-encoded (as in a quoted URL or
 * form body).
 */
export function redactText(text: string, knownSecrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short values would mask ordinary words; real tokens and secrets are long.
    if (secret && secret.length >= 8) out = maskValue(out, secret);
  }
  return maskPatterns(out);
}

/** `text` with every occurrence of `secret` masked, in each of the forms a URL or a form body gives it. */
export function maskValue(text: string, secret: string): string {
  let out = text;
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  // The longest first, so that a form containing another is masked whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  return out;
}

/** Masks what looks like a secret whatever its value: secret keys' values, bearer tokens, URL credentials. */
function maskPatterns(text: string): string {
  return text
    .replace(JSON_SECRET, `$1"${REDACTED}"`)
    .replace(FORM_SECRET, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/** `url` with its user name and password masked, for showing it; anything that is not a URL is left as it is. */
export function maskUrlCredentials(url: string): string {
  return url.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}
