import { UsageError } from '../errors.js';

/** Where `monzo login` listens for Monzo's redirect: the redirect URI's port and path, on loopback only. */
export interface CallbackTarget {
  /** The redirect URI, parsed. */
  url: URL;
  /** The loopback addresses to bind: the first must work; the others (IPv6 for `localhost`) are best effort. */
  addresses: string[];
  port: number;
  /** The callback path, e.g. `/callback`. */
  path: string;
}

const ADVICE = 'set MONZO_REDIRECT_URI=http://127.0.0.1:8080/callback (and register it for your client)';

/**
 * Checks that the redirect URI names this machine, over plain http, so that the login code never crosses the
 * network: Monzo sends the browser there, and `monzo login` receives it on a loopback address only.
 */
export function callbackTarget(redirectUri: string): CallbackTarget {
  if (!URL.canParse(redirectUri)) {
    throw new UsageError(`MONZO_REDIRECT_URI is not a URL (${JSON.stringify(redirectUri)}): ${ADVICE}`);
  }
  const url = new URL(redirectUri);
  if (url.protocol !== 'http:') {
    throw new UsageError(
      `MONZO_REDIRECT_URI must start with http:// (got ${url.protocol}//): monzo login receives the ` +
        `callback itself, over plain http on this machine's loopback address; ${ADVICE}`,
    );
  }
  const addresses = loopbackAddresses(url.hostname);
  if (!addresses) {
    throw new UsageError(
      `MONZO_REDIRECT_URI points at ${url.hostname}, which is not a loopback address: monzo login only ` +
        `listens on 127.0.0.1, ::1 or localhost, so that no other machine can catch the login code; ${ADVICE}`,
    );
  }
  const port = url.port === '' ? 80 : Number(url.port);
  if (port === 0) throw new UsageError(`MONZO_REDIRECT_URI needs a real port, not 0; ${ADVICE}`);
  return { url, addresses, port, path: url.pathname };
}

/** The addresses to bind for a loopback host name, or undefined when the host is not loopback. */
function loopbackAddresses(hostname: string): string[] | undefined {
  const host = hostname.toLowerCase();
  if (host === 'localhost') return ['127.0.0.1', '::1'];
  if (host === '[::1]') return ['::1'];
  // URL has already normalised and range-checked IPv4 (127.1 → 127.0.0.1): the first part is all there is to check.
  return /^127\.\d+\.\d+\.\d+$/.test(host) ? [host] : undefined;
}

/** `--timeout SECONDS`: a positive number of seconds, at most a day. */
export function parseTimeout(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= 86_400)) {
    throw new UsageError(
      `--timeout must be a number of seconds, more than 0 and at most 86400 (got ${JSON.stringify(text)})`,
    );
  }
  return seconds * 1000;
}

/** A duration as people read it: `300 s`, `1.5 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} s`;
}
