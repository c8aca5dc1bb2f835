/**
 * When a call that changes something (any method but GET) fails, whether it took effect may be unknown: its
 * answer was lost (a reset after sending, a timeout), cut or unreadable (a 2xx that is not the JSON expected, or
 * too large), or came from a gateway (502, 503, 504, an error page that is not Monzo's). Then the error says so
 * (`outcomeUnknown`), carries the pot move's dedupe id, and ends with what to do for that call: a plain repeat
 * could do it twice.
 */
import { MonzoConnectionError, MonzoError, MonzoResponseParseError, type RequestSummary } from './errors.js';

/** What a call that changes something tells its caller when its outcome is unknown. */
export interface IfUnknown {
  /** What to do next, as a sentence: e.g. "Sending it again is safe." */
  advice: string;
  /** A pot move's `dedupe_id`, kept on the error. */
  dedupeId?: string;
}

const DEFAULT_ADVICE = 'Check whether it took effect before repeating it.';

/** Statuses of a gateway that may have passed the request on before it gave up waiting. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * Whether an answer with this status, which became `error`, leaves a write's outcome unknown: a 2xx whose body
 * could not be read, a redirect, a gateway's status, or an error page that is not Monzo's (but a 429, which
 * refuses unseen).
 */
export function answerLeavesUnknown(status: number, error: unknown): boolean {
  // A redirect (refused, or followed by an injected fetch to a 2xx) came after the request was received.
  if (status >= 200 && status < 400) return true;
  if (GATEWAY_STATUSES.has(status)) return true;
  return error instanceof MonzoResponseParseError && status !== 429;
}

/** Why an earlier attempt may have been processed, if one may have been. */
export type Uncertain = 'lost' | 'answered' | undefined;

/** What a failed write met: the answer's status, and whether an earlier attempt may have been processed. */
export interface WriteFailure {
  request: RequestSummary;
  ifUnknown: IfUnknown | undefined;
  /** The status of the last attempt's answer; `undefined` when it got none. */
  status?: number | undefined;
  /** An earlier attempt may have been processed: it got no answer (`lost`), or one that did not say. */
  uncertain: Uncertain;
}

/**
 * The error a failed write throws: `error` itself, of the same class, marked `outcomeUnknown` with the call's
 * advice when what it met leaves the outcome unknown.
 */
export function writeError(error: unknown, failure: WriteFailure): unknown {
  const { request, status, uncertain } = failure;
  const { advice, dedupeId } = failure.ifUnknown ?? { advice: DEFAULT_ADVICE };
  if (!(error instanceof MonzoError) || error.advice !== undefined) return error;
  if (error instanceof MonzoConnectionError && error.outcomeUnknown) {
    return mark(error, { advice, dedupeId }, '');
  }
  // An earlier attempt got no answer: whatever the last one met, the error says the outcome is unknown, with
  // the last attempt's error as its cause.
  if (uncertain === 'lost') return earlier(error, failure, 'got no answer and may have been processed');
  if (status !== undefined && answerLeavesUnknown(status, error)) {
    const note = `That answer does not say whether ${request.method} ${request.path} took effect: its outcome is unknown.`;
    return mark(error, { advice, dedupeId }, note);
  }
  if (uncertain === 'answered')
    return earlier(error, failure, 'got an answer that did not say whether it took effect');
  return error;
}

function earlier(error: MonzoError, failure: WriteFailure, what: string): MonzoConnectionError {
  const { request } = failure;
  const { advice, dedupeId } = failure.ifUnknown ?? { advice: DEFAULT_ADVICE };
  return new MonzoConnectionError(
    `${request.method} ${request.path} failed: an earlier attempt ${what}, then the last attempt failed: ` +
      `${error.message} Its outcome is unknown. ${advice}`,
    request,
    true,
    { cause: error, advice, dedupeId },
  );
}

type Marked = { -readonly [K in 'message' | 'outcomeUnknown' | 'advice' | 'dedupeId']: MonzoError[K] };

/**
 * Marks an error just built (nothing has read its stack yet, so the stack shows the new message too): its class
 * stays what it was, for callers that test it, and `outcomeUnknown` says the rest.
 */
function mark(error: MonzoError, { advice, dedupeId }: IfUnknown, note: string): MonzoError {
  const marked = error as unknown as Marked;
  marked.message = note ? `${error.message} ${note} ${advice}` : `${error.message} ${advice}`;
  marked.outcomeUnknown = true;
  marked.advice = advice;
  if (dedupeId !== undefined) marked.dedupeId = dedupeId;
  return error;
}
