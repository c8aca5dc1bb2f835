import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isFixedResponse } from '../core/fixed-response.js';
import { errorResponse, MockHttpError } from '../core/http.js';
import { fromRequest, type Incoming } from '../core/incoming.js';
import { newRequestId, withRequestId } from '../core/request-id.js';

/**
 * The glue between `node:http` and the emulator's `(Request) => Promise<Response>` core. Kept lean: the socket
 * server is benchmarked against a bare node:http server, so no step here does more than the conversion needs.
 */

/** Headers the transport decides for itself; a route's values for them would conflict. */
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * What the core needs of a Node request. A GET or HEAD without a body (most of the API) is read straight from
 * Node's request, and its Fetch `Request` made only if a route asks for it; any other request gets its
 * `Request` now, so that its body starts streaming as before.
 */
export function toIncoming(req: IncomingMessage, baseUrl: string): Incoming {
  const method = req.method ?? 'GET';
  if ((method !== 'GET' && method !== 'HEAD') || hasBody(req)) return fromRequest(toRequest(req, baseUrl));
  const target = originForm(req);
  let url: URL;
  try {
    url = new URL(baseUrl + target);
  } catch {
    // What `new Request` refuses the same way (see `toRequest`).
    throw badRequestLine(method, target);
  }
  let request: Request | undefined;
  return {
    method,
    url,
    authorization: rawHeader(req.rawHeaders, 'authorization'),
    request: () => {
      request ??= toRequest(req, baseUrl);
      return request;
    },
  };
}

/** A header as `Headers.get` gives it: every value under that name (any case), joined with `, `. */
function rawHeader(raw: string[], name: string): string | null {
  let value: string | null = null;
  for (let index = 0; index < raw.length; index += 2) {
    const key = raw[index] as string;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    value = value === null ? (raw[index + 1] as string) : `${value}, ${raw[index + 1]}`;
  }
  return value;
}

/** The request target, which must be a path (origin-form). */
function originForm(req: IncomingMessage): string {
  const target = req.url ?? '';
  // Absolute-form and `*` are proxy and OPTIONS forms no Monzo client sends.
  if (target.charCodeAt(0) !== 47 /* "/" */) {
    throw new MockHttpError(400, 'bad_request.bad_target', 'The request target must be a path');
  }
  return target;
}

function badRequestLine(method: string, target: string): MockHttpError {
  return new MockHttpError(
    400,
    'bad_request.bad_request_line',
    `Cannot handle ${method} ${target.slice(0, 100)}`,
  );
}

/**
 * A Fetch `Request` for a Node request. The body, when there is one, is streamed (never buffered here), so that
 * `readBody` can refuse one over its limit after reading no more than the limit.
 */
function toRequest(req: IncomingMessage, baseUrl: string): Request {
  const target = originForm(req);
  const raw = req.rawHeaders;
  const headers = new Headers();
  for (let index = 0; index < raw.length; index += 2)
    headers.append(raw[index] as string, raw[index + 1] as string);
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD' && hasBody(req)) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  try {
    return new Request(baseUrl + target, init);
  } catch {
    // e.g. TRACE, which the Fetch API refuses to represent.
    throw badRequestLine(method, target);
  }
}

/**
 * The request body as a web stream, with backpressure. A client that hangs up mid-body makes the read fail with
 * a Monzo-shaped 400 (nobody is left to see it) instead of an internal error.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  // Once cancelled, the stream is closed: the request's own end or error must then not touch it, or the
  // controller throws from inside an event listener, an uncaught exception that ends the process.
  let settled = false;
  let onData: (chunk: Buffer) => void;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onData = (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        req.on('data', onData);
        req.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        req.once('error', () => {
          if (settled) return;
          settled = true;
          controller.error(
            new MockHttpError(400, 'bad_request.incomplete_body', 'The request body ended early'),
          );
        });
      },
      pull() {
        req.resume();
      },
      // Left unread (e.g. refused as too large): the rest is discarded, and the answer closes the connection.
      cancel() {
        settled = true;
        req.off('data', onData);
        req.resume();
      },
    },
    { highWaterMark: 4 },
  );
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Writes a `Response` to Node: status, headers and body, with a `Content-Length` whenever the size is known. */
export async function sendResponse(res: ServerResponse, response: Response, close: boolean): Promise<void> {
  const headers: string[] = [];
  for (const [name, value] of response.headers) {
    if (!HOP_BY_HOP.has(name)) headers.push(name, value);
  }
  // A request body left unread (refused, or ignored by its route) would otherwise be read to its end first.
  if (close) headers.push('connection', 'close');
  const { status } = response;
  const bodiless = status === 204 || status === 304 || (status >= 100 && status < 200);
  const fixed = isFixedResponse(response) ? response : undefined;
  const body = fixed?.fixedBody;
  if (fixed && body !== undefined) {
    // The fast path: the text or bytes the route built, sent as is. Bytes (a page of transactions) go to the
    // socket without a copy; a large string would be copied twice more (joined to the head, then encoded).
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (!bodiless) headers.push('content-length', String(size));
    res.writeHead(status, headers);
    // `finish`: the body is with the OS. On a connection that breaks first, lent bytes are never handed back.
    if (fixed.lent) res.once('finish', () => fixed.release());
    res.end(bodiless ? undefined : body);
    return;
  }
  const bytes = response.body && !bodiless ? new Uint8Array(await response.arrayBuffer()) : undefined;
  if (!bodiless) headers.push('content-length', String(bytes?.byteLength ?? 0));
  if (res.destroyed) return;
  res.writeHead(status, headers);
  res.end(bytes);
}

/** Monzo's error shape as a `Response`, for failures of the transport itself. */
export function transportError(status: number, code: string, message: string): Response {
  return withRequestId(errorResponse(new MockHttpError(status, code, message)));
}

/**
 * Answers a request Node could not parse (a garbage request line, headers too large) in Monzo's error shape,
 * then closes the connection: after a parse error nothing more on it can be trusted.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'bad_request.headers_too_large', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'timeout.request', 'The request took too long to arrive']
        : [400, 'bad_request.malformed_request', 'The request could not be parsed as HTTP/1.1'];
  endWithError(socket, status, code, message);
}

/**
 * Answers a CONNECT, which node:http hands to no request listener and, unanswered, drops without a word: the
 * emulator is no proxy, so it is a 400 like any other request line it cannot handle.
 */
export function answerConnect(req: IncomingMessage, socket: Socket): void {
  const target = (req.url ?? '').slice(0, 100);
  // node:http hands the socket over unread: read and drop what follows, or the client's end is never seen and
  // the socket stays open, holding up close().
  socket.resume();
  endWithError(socket, 400, 'bad_request.bad_request_line', `Cannot handle ${req.method} ${target}`);
}

/** Writes Monzo's error shape straight to the socket, then closes it. */
function endWithError(socket: Socket, status: number, code: string, message: string): void {
  const body = JSON.stringify({ code, message, retryable: {} });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `X-Request-Id: ${newRequestId()}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
