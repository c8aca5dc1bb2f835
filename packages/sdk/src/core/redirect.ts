import { MonzoRedirectError, MonzoValidationError, type RequestSummary } from './errors.js';

/*
 * Every request is sent with `redirect: 'manual'`: a token exchange or refresh carries the client secret and a
 * code or refresh token in its body (which a 307/308 sends again), and API calls carry the bearer token (which
 * not every `fetch` drops on a cross-origin hop). Monzo's API does not redirect, so no redirect is followed, to
 * any origin.
 */

/**
 * Throws a `MonzoRedirectError` when `response` is a redirect rather than an answer: a 3xx (Node, Deno, Bun),
 * an opaque redirect (browsers), or an answer an injected `fetch` reached by following one anyway. The body of
 * such an answer is not read.
 */
export function refuseRedirect(response: Response, url: string, request: RequestSummary): void {
  const { status } = response;
  const opaque = response.type === 'opaqueredirect';
  const isRedirect = opaque || (status >= 300 && status < 400 && status !== 304);
  if (!isRedirect && !response.redirected) return;
  response.body?.cancel().catch(() => {});
  const where = `${request.method} ${request.path}`;
  if (!isRedirect) {
    const location = originOf(response.url, url);
    throw new MonzoRedirectError(
      `${where} was redirected to ${location ?? 'another address'} by the fetch given to the SDK, which ignored ` +
        `redirect: 'manual', so whatever the request carried may have reached that host. Pass a fetch that ` +
        'honours redirect: "manual", and check apiUrl: Monzo’s API does not redirect.',
      { status, location, followed: true, request },
    );
  }
  const location = originOf(response.headers.get('location'), url);
  const to = location ? ` to ${location}` : '';
  throw new MonzoRedirectError(
    `${where} was answered with a redirect (${opaque ? 'opaque' : status})${to}, which the SDK does not ` +
      'follow: nothing was sent there. Monzo’s API does not redirect, so apiUrl (or a proxy on the way) is not ' +
      'Monzo’s API: check it.',
    { status, location, followed: false, request },
  );
}

/** True for the error `refuseRedirect` throws, which goes to the caller as it is. */
export function isRefusedRedirect(error: unknown): error is MonzoRedirectError {
  return error instanceof MonzoRedirectError;
}

/** The origin of `location` (resolved against `base`), never its path or query, which may carry a credential. */
function originOf(location: string | null, base: string): string | undefined {
  if (!location || !URL.canParse(location, base)) return undefined;
  const target = new URL(location, base);
  // `origin` leaves out any user name and password; a scheme without origins (data:) is named by its scheme.
  return target.origin === 'null' ? target.protocol : target.origin;
}

/** The bearer token goes to the API's origin only: an absolute URL elsewhere (an upload target) gets none. */
export function requireApiOrigin(url: string, apiUrl: string): void {
  if (new URL(url).origin !== new URL(apiUrl).origin) {
    throw new MonzoValidationError(
      'url',
      'a URL outside apiUrl is never sent the access token (use auth: false)',
    );
  }
}
