import { type OverLimit, readBounded } from './body.js';
import { MonzoAbortError, MonzoConnectionError, MonzoTimeoutError, type RequestSummary } from './errors.js';
import { redactText } from './redact.js';
import { isRefusedRedirect, refuseRedirect } from './redirect.js';

export interface Attempt {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: BodyInit | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  fetch: typeof fetch;
  /** The platform's own fetch, which ends a request when its signal aborts: no watch of our own is needed. */
  fetchHonoursSignal: boolean;
  request: RequestSummary;
  /** The most body bytes read (as decoded); past them the read stops and `overLimit` is set. */
  maxBytes: number;
  /** The values to mask in an error's text; asked for only when there is an error. */
  secrets: () => readonly string[];
}

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body; only its first bytes when `overLimit` is set. */
  text: string;
  /** Set (to the limit) when the body was larger than the limit: it was not read to its end. */
  overLimit?: number;
}

/** Codes that mean the connection was never made, so the request cannot have been processed. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Sends one attempt and reads the whole body, with a timeout that stays armed until the body is read. The
 * caller's abort becomes a `MonzoAbortError`, the timeout a `MonzoTimeoutError`, any other failure a
 * `MonzoConnectionError`.
 */
export async function sendAttempt(attempt: Attempt): Promise<RawResponse> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new Error(`timed out after ${attempt.timeoutMs} ms`)),
    attempt.timeoutMs,
  );
  const signal = attempt.signal ? AbortSignal.any([attempt.signal, timeout.signal]) : timeout.signal;
  try {
    if (!attempt.fetchHonoursSignal) return await untilAborted(read(attempt, signal), signal);
    // The same as `read`, inline: one promise fewer on every call.
    const { method, headers, body } = attempt;
    const response = await attempt.fetch(attempt.url, { method, headers, body, signal, redirect: 'manual' });
    refuseRedirect(response, attempt.url, attempt.request);
    return toRaw(response, await readBounded(response, attempt.maxBytes, true));
  } catch (error) {
    throw classify(error, attempt, timeout.signal);
  } finally {
    clearTimeout(timer);
  }
}

async function read(attempt: Attempt, signal: AbortSignal): Promise<RawResponse> {
  const { method, headers, body } = attempt;
  const response = await attempt.fetch(attempt.url, { method, headers, body, signal, redirect: 'manual' });
  refuseRedirect(response, attempt.url, attempt.request);
  return toRaw(response, await readBounded(response, attempt.maxBytes));
}

function toRaw(response: Response, body: string | OverLimit): RawResponse {
  const { status, headers } = response;
  if (typeof body === 'string') return { status, headers, text: body };
  return { status, headers, text: body.head, overLimit: body.limit };
}

/**
 * Settles as `task` does, or rejects as soon as `signal` aborts: the timeout and the caller's abort hold even
 * with an injected `fetch` that ignores its signal (an in-process server, some polyfills). Not for the
 * platform's fetch, which needs no such watch (it costs a promise and a listener per attempt).
 */
function untilAborted<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    task.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function classify(error: unknown, attempt: Attempt, timeout: AbortSignal): Error {
  const { method, path } = attempt.request;
  if (isRefusedRedirect(error)) return error;
  if (attempt.signal?.aborted) {
    return new MonzoAbortError(`${method} ${path} was aborted by the caller`);
  }
  if (timeout.aborted) {
    return new MonzoTimeoutError(
      `${method} ${path} got no response within ${attempt.timeoutMs} ms`,
      attempt.request,
      true,
    );
  }
  const code = errorCode(error);
  const blocked = isBlockedPort(error);
  const sent = !blocked && !(code && NOT_SENT_CODES.has(code));
  const secrets = attempt.secrets();
  const reason = blocked
    ? `fetch does not connect to port ${portOf(attempt.url)}, one of the ports it blocks (as browsers do)`
    : redactText(describeCause(error), secrets);
  const outcome = sent ? ' The request may have reached Monzo.' : '';
  return new MonzoConnectionError(`${method} ${path} failed: ${reason}.${outcome}`, attempt.request, sent, {
    cause: safeCause(error, secrets),
  });
}

/**
 * Node's fetch refuses a few ports outright (1, 25, 6000…; the Fetch standard's "bad port" list), before any
 * connection: nothing was sent. It says so only in words, with no code.
 */
function isBlockedPort(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && current.message === 'bad port') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function portOf(url: string): string {
  if (!URL.canParse(url)) return '(unknown)';
  const { port, protocol } = new URL(url);
  return port || (protocol === 'https:' ? '443' : '80');
}

/** The first `code` in the cause chain, as Node's fetch nests the socket error under `cause`. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ') || 'unknown network error';
}

/** A plain copy of the cause with secrets masked: an injected fetch may put anything in its errors. */
function safeCause(error: unknown, secrets: readonly string[]): Error {
  const copy = new Error(redactText(describeCause(error), secrets));
  const code = errorCode(error);
  if (code) (copy as Error & { code?: string }).code = code;
  return copy;
}
