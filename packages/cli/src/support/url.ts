import { UsageError } from '../errors.js';

/** An absolute http(s) URL, as Monzo wants for webhooks and feed items; refused before any request otherwise. */
export function requireWebUrl(what: string, value: string): string {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    throw new UsageError(`${what}: ${JSON.stringify(value)} is not an absolute http(s) URL`);
  }
  return value;
}

/**
 * A URL as printed: query values and a password hidden, since webhook URLs carry their secret there (Monzo does
 * not sign deliveries). The same with `--json`: a secret never reaches the terminal, nor a script's log.
 */
export function maskUrlSecrets(value: string): string {
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  if (url.password) url.password = '***';
  for (const key of new Set(url.searchParams.keys())) url.searchParams.set(key, '***');
  return url.href.replaceAll('%2A%2A%2A', '***');
}
