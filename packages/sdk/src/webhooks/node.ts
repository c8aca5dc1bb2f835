import type { WebhookHandler } from './handler.js';

/**
 * The parts of `node:http`'s `IncomingMessage` (and Express's `Request`) the adapter uses. Typed by shape, so
 * that this module imports nothing from Node and its types need no `@types/node`.
 */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** True once the body was read to its end, e.g. by a body parser. */
  complete?: boolean;
  /** What a body parser made of the body (Express's `express.raw()`, `express.text()`, `express.json()`). */
  body?: unknown;
}

/** The parts of `node:http`'s `ServerResponse` (and Express's `Response`) the adapter uses. */
export interface NodeResponseLike {
  statusCode: number;
  /** Sets one header of the answer. */
  setHeader(name: string, value: string): unknown;
  /** Sends the answer's body, if any, and ends it. */
  end(chunk?: Uint8Array): unknown;
  headersSent?: boolean;
}

/** A `node:http` request listener, also an Express route handler. */
export type NodeListener = (request: NodeRequestLike, response: NodeResponseLike) => void;

/**
 * Serves a fetch handler from `node:http` or Express. Mount it before any body parser; after `express.raw()`,
 * `express.text()` or `express.json()` it uses what they read (a JSON body parsed to an object is serialised
 * again, so `rawBody` is then not byte for byte what Monzo sent).
 *
 * @example
 * createServer(toNodeListener(createWebhookHandler({ secret, onEvent }))).listen(8080);
 * app.post('/monzo', toNodeListener(handler)); // Express
 */
export function toNodeListener(handler: WebhookHandler): NodeListener {
  return (request, response) => {
    serve(handler, request, response).catch(() => {
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  };
}

async function serve(handler: WebhookHandler, request: NodeRequestLike, response: NodeResponseLike) {
  // Only the path and query matter to the handler; the origin is a placeholder, not trusted from Host.
  const target = request.url ?? '/';
  if (!URL.canParse(target, 'http://localhost')) {
    // Such as `//[`, which node:http passes on: a 500 would have the sender retry what can never work.
    response.statusCode = 400;
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    response.end(new TextEncoder().encode('The request target is not a URL path.\n'));
    return;
  }
  const method = request.method ?? 'GET';
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are not headers a Request can carry.
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  let streamed = false;
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = parsedBody(request);
    if (parsed !== undefined) {
      init.body = parsed as BodyInit;
      // The length was the original body's; the handler measures this one.
      headers.delete('content-length');
    } else {
      init.body = streamOf(request);
      init.duplex = 'half';
      streamed = true;
    }
  }
  const answer = await handler(new Request(new URL(target, 'http://localhost'), init));
  const body = new Uint8Array(await answer.arrayBuffer());
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => {
    response.setHeader(name, value);
  });
  // A body refused half-read (too large) is not read on: the connection closes once the answer is sent.
  if (streamed && request.complete === false) response.setHeader('Connection', 'close');
  response.end(body);
}

/** The body a parser already read, if one did; undefined when the stream is still there to read. */
function parsedBody(request: NodeRequestLike): Uint8Array | string | undefined {
  const { body } = request;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  // express.json() leaves `{}` without reading when the content type is not JSON: only a read body counts.
  if (body !== undefined && body !== null && request.complete === true) return JSON.stringify(body);
  return undefined;
}

/**
 * The request's bytes as a web stream, pulled only as the handler reads. Cancelling it stops reading but
 * does not destroy the request, which would close the socket before the 413 could be sent.
 */
function streamOf(request: NodeRequestLike): ReadableStream<Uint8Array> {
  const iterator = request[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
    },
  });
}
