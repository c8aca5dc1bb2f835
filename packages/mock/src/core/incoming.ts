/**
 * What the core reads of a request before a route runs: method, URL and the `Authorization` header. The socket
 * server makes one straight from Node's request for a GET without a body, and the Fetch `Request` only if a
 * route asks for it: building a `Request` (its `Headers`, its `AbortSignal`) cost more than routing, checking
 * the token and counting together.
 */
export interface Incoming {
  /** In capitals, as Node and the Fetch API give it. */
  readonly method: string;
  readonly url: URL;
  /** The `Authorization` header; several are joined with `, `, as `Headers.get` joins them. */
  readonly authorization: string | null;
  /** The request itself, made on first use. */
  request(): Request;
}

/** An `Incoming` for a Fetch `Request` (in-process `fetch`, `handle`). */
export function fromRequest(request: Request): Incoming {
  return {
    method: request.method.toUpperCase(),
    url: new URL(request.url),
    authorization: request.headers.get('authorization'),
    request: () => request,
  };
}
