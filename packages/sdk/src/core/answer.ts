/** Reading an answer: the body of a 2xx as JSON of the expected shape, or the typed error of any other status. */
import { type MonzoErrorBody, MonzoResponseParseError, type RequestSummary } from './errors.js';
import { errorFromResponse } from './map-error.js';
import { redactText } from './redact.js';
import { parseRetryAfter } from './retry.js';
import type { RawResponse } from './send.js';
import type { BodyShape } from './shape.js';

const SNIPPET_LENGTH = 200;
const NOT_BLANK = /\S/;

/** What the request said of its answer. */
export interface AnswerOptions {
  /** The response carries tokens: never quote its body in an error. */
  secretResponse?: boolean | undefined;
  shape?: BodyShape | undefined;
}

/** The body of a 2xx, parsed and checked; a `MonzoResponseParseError` when it is not what was expected. */
export function parseSuccess(
  raw: RawResponse,
  summary: RequestSummary,
  { secretResponse, shape }: AnswerOptions,
  secrets: () => readonly string[],
): unknown {
  if (raw.overLimit !== undefined) throw overLimitError(raw, summary, secretResponse, secrets());
  let body: unknown;
  try {
    // A search, not `trim()`: that would copy every body, a page of transactions is 100 kB.
    body = NOT_BLANK.test(raw.text) ? JSON.parse(raw.text) : undefined;
  } catch {
    // Not the parser's own error as the cause: V8 quotes the text around the fault, which may be a token.
    throw new MonzoResponseParseError(raw.status, snippet(raw.text, secretResponse, secrets()), summary, {
      cause: new SyntaxError('the response body is not valid JSON'),
    });
  }
  const reason = shape?.(body);
  if (reason !== undefined) {
    throw new MonzoResponseParseError(raw.status, snippet(raw.text, secretResponse, secrets()), summary, {
      reason,
    });
  }
  return body;
}

/** The typed error of a non-2xx answer: Monzo's error body mapped, or a parse error for anything else. */
export function errorFor(
  raw: RawResponse,
  request: RequestSummary,
  secretResponse: boolean | undefined,
  secrets: readonly string[],
): Error {
  if (raw.overLimit !== undefined) return overLimitError(raw, request, secretResponse, secrets);
  const body = parseErrorBody(raw.text);
  if (body === 'unreadable') {
    return new MonzoResponseParseError(raw.status, snippet(raw.text, secretResponse, secrets), request);
  }
  return errorFromResponse({
    status: raw.status,
    body,
    request,
    requestId: raw.headers.get('x-request-id') ?? undefined,
    retryAfter: parseRetryAfter(raw.headers.get('retry-after')),
    secrets,
  });
}

/** A body over the size limit: a parse error that names the limit and the option that sets it. */
function overLimitError(
  raw: RawResponse,
  request: RequestSummary,
  secretResponse: boolean | undefined,
  secrets: readonly string[],
): MonzoResponseParseError {
  return new MonzoResponseParseError(raw.status, snippet(raw.text, secretResponse, secrets), request, {
    reason:
      `it is larger than the limit of ${raw.overLimit} bytes, so it was not read; raise the client's ` +
      'maxResponseBytes (or maxPageBytes for pages of transactions) if such a body is expected',
  });
}

/** The error body as JSON, `undefined` when empty, `'unreadable'` when it is something else (an HTML page). */
function parseErrorBody(text: string): MonzoErrorBody | undefined | 'unreadable' {
  if (text.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as MonzoErrorBody)
      : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function snippet(text: string, secretResponse: boolean | undefined, secrets: readonly string[]): string {
  if (secretResponse) return '[withheld: this response may carry tokens]';
  // Masked before it is cut, so that a known secret straddling the cut cannot leave its first bytes behind.
  return redactText(text, secrets).slice(0, SNIPPET_LENGTH);
}
