import { randomBytes } from 'node:crypto';

/** Per process, so that the ids of two emulators (or of one started twice) do not repeat each other's. */
const PREFIX = randomBytes(6).toString('hex');
let counter = 0;

/**
 * A new id for one response, as Monzo gives each in `x-request-id`: the SDK keeps it on `MonzoApiError.requestId`
 * and in the error's message, which is what a person quotes to support. A counter after a random prefix: unique
 * within the process, and cheaper than a UUID on every request.
 */
export function newRequestId(): string {
  counter++;
  return `req_${PREFIX}${counter.toString(36).padStart(6, '0')}`;
}

/**
 * `response` with a new `x-request-id`, unless it has one (a fault rule's `headers` may choose it); a response
 * whose headers cannot change is copied first.
 */
export function withRequestId(response: Response): Response {
  if (response.headers.has('x-request-id')) return response;
  try {
    response.headers.set('x-request-id', newRequestId());
    return response;
  } catch {
    // `Response.redirect()` and `Response.error()` have immutable headers.
    const headers = new Headers(response.headers);
    headers.set('x-request-id', newRequestId());
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
