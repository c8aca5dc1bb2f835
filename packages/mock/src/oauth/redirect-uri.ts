/** Which redirect URIs a login may send the browser back to, and how the callback URL is built. */

/**
 * True when `uri` may receive the login's callback. A registered list is matched exactly, as OAuth asks; with
 * none registered, any `http` URI on a loopback host is accepted, so a local app needs no setup. A fragment or
 * user info is never accepted: the code must land in the query of a plain URL.
 */
export function isRedirectAllowed(allowed: readonly string[], uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  if (url.hash !== '' || uri.includes('#') || url.username !== '' || url.password !== '') return false;
  if (allowed.length > 0) return allowed.includes(uri);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** `localhost` (and its subdomains), 127.0.0.0/8 and `[::1]`: hosts that never leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  // WHATWG URL parsing has already normalised IPv4 forms (`127.1`, `0x7f.0.0.1`) to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The callback URL: `redirectUri` with `params` appended to its query. The existing query is kept byte for byte
 * (re-serialising it through URLSearchParams could change its encoding), and each value is encoded once, so the
 * client reads back exactly the `state` it sent.
 */
export function callbackUrl(redirectUri: string, params: Record<string, string | null>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value !== null) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  if (pairs.length === 0) return redirectUri;
  const separator = !redirectUri.includes('?')
    ? '?'
    : redirectUri.endsWith('?') || redirectUri.endsWith('&')
      ? ''
      : '&';
  return `${redirectUri}${separator}${pairs.join('&')}`;
}

/** A 302 to `location`, never cached: a callback carries a single-use code. */
export function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });
}
