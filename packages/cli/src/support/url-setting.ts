import { UsageError } from '../errors.js';
import { maskUrlCredentials } from './credentials.js';

/** `scheme://[user@]host[:port]`: the port as typed, which `URL` refuses whole when it is out of range. */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i;

/** Where a URL setting came from, for the message: the flag, or the variable when the flag was not given. */
export interface UrlSource {
  /** `--api-url`, or `MONZO_API_URL (environment or .env)`. */
  name: string;
  /** What to do about it. */
  fix: string;
}

/**
 * An API or login origin as given, refused before any request unless it is an http(s) URL with a port that can
 * be connected to. The message names where the value came from, so that a mistyped flag is not blamed on the
 * environment, and never shows a password in it.
 */
export function checkUrlSetting(value: string, source: UrlSource): string {
  const { name, fix } = source;
  const shown = JSON.stringify(maskUrlCredentials(value).slice(0, 80));
  const port = AUTHORITY.exec(value)?.[1];
  if (port !== undefined && port !== '' && !isPort(port)) {
    throw new UsageError(
      `${name}: ${JSON.stringify(port)} is not a port number (1 to 65535), in ${shown}`,
      fix,
    );
  }
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${name} must be an http(s) URL, got ${shown}`, fix);
  }
  if (url.username || url.password) {
    // Never quoted: the point is the password in it. fetch refuses such a URL anyway.
    throw new UsageError(`${name} must not carry a user name or password (user:pass@)`, fix);
  }
  return value;
}

function isPort(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535;
}
