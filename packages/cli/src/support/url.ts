import { UsageError } from '../errors.js';

/** An absolute http(s) URL, as Monzo wants for webhooks and feed items; refused before any request otherwise. */
export function requireWebUrl(what: string, value: string): string {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    throw new UsageError(`${what}: ${JSON.stringify(value)} is not an absolute http(s) URL`);
  }
  return value;
}
