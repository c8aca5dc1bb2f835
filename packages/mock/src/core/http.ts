/** Helpers shared by every route: Monzo-shaped JSON answers and errors, and bounded body reading. */

import { fixedResponse } from './fixed-response.js';

/** Thrown by a route to answer with Monzo's error shape. */
export class MockHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra fields of the body, e.g. OAuth's `error: "invalid_token"`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A JSON answer. A `FixedResponse`, so that the socket server sends the text without streaming it. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return fixedResponse(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * Monzo's error body (monzo-api.md §9.2): `code`, `message`, and `retryable`, which is `{}` except on 5xx and 429
 * (monzo-api.md §11). 401s from a bad token carry OAuth's `error: "invalid_token"`.
 */
export function errorResponse(error: MockHttpError): Response {
  const retryable = error.status >= 500 || error.status === 429 ? { value: true } : {};
  return json(
    { code: error.code, message: error.message, retryable, ...error.extra },
    error.status,
    error.headers,
  );
}

/** Shortcuts for the common errors. */
export const fail = {
  badRequest: (code: string, message: string) => new MockHttpError(400, code, message),
  missingParam: (field: string) =>
    new MockHttpError(400, `bad_request.missing_param.${field}`, `The field '${field}' is required`),
  badParam: (field: string, message: string) =>
    new MockHttpError(400, `bad_request.bad_param.${field}`, message),
  forbidden: (code: string, message: string) => new MockHttpError(403, code, message),
  notFound: (object: string) => new MockHttpError(404, `not_found.${object}`, `No such ${object}`),
};

/** The largest request body accepted; a larger one is refused before it is read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a body as text, refusing one over `limit` bytes with a 413. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(limit: number): MockHttpError {
  return new MockHttpError(
    413,
    'bad_request.body_too_large',
    `The request body is larger than ${limit} bytes`,
  );
}

/**
 * Reads a form body. Keys keep Monzo's bracket notation (`metadata[foo]`), percent-encoded or not. A body that
 * is not form-encoded is a 400.
 */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  const bytes = await readBody(request);
  if (bytes.byteLength > 0 && !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw fail.badRequest(
      'bad_request.bad_content_type',
      'The body must be application/x-www-form-urlencoded',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail.badRequest('bad_request.malformed_body', 'The body is not valid UTF-8');
  }
  // URLSearchParams never throws: a malformed escape (`%zz`) comes through as written, as Go's parser would refuse.
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) {
    throw fail.badRequest('bad_request.malformed_body', 'The form body has a malformed percent-escape');
  }
  return new URLSearchParams(text);
}

/** Reads a JSON body; anything else is a 400. */
export async function readJson(request: Request): Promise<unknown> {
  const bytes = await readBody(request);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw fail.badRequest('bad_request.malformed_body', 'The body is not valid JSON');
  }
}

/** A required, non-empty field of a form or query. */
export function required(fields: URLSearchParams, name: string): string {
  const value = fields.get(name);
  if (value === null || value === '') throw fail.missingParam(name);
  return value;
}

/**
 * Thrown to drop the connection instead of answering: the socket server destroys the socket, and the in-process
 * `fetch` rejects as a real one does on a reset.
 */
export class ConnectionReset extends Error {
  constructor(readonly committed: boolean) {
    super(
      committed
        ? 'connection reset after the change was committed'
        : 'connection reset before the request was handled',
    );
  }
}
