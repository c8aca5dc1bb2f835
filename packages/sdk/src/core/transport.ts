import { buildUrl, encodeFields, type Fields } from './encode.js';
import {
  MonzoAbortError,
  MonzoApiError,
  MonzoConnectionError,
  type MonzoErrorBody,
  MonzoResponseParseError,
  MonzoTimeoutError,
  type RequestSummary,
} from './errors.js';
import type { Logger } from './logger.js';
import { errorFromResponse } from './map-error.js';
import { isSecretKey, redactText } from './redact.js';
import { requireApiOrigin } from './redirect.js';
import { backoffDelay, isRetryable, type Outcome, parseRetryAfter, sleep } from './retry.js';
import { type RawResponse, sendAttempt } from './send.js';
import type { BodyShape } from './shape.js';
import { requireCallOptions } from './validate.js';

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Cancels the call, including its retries and waits. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest extends RequestOptions {
  method: HttpMethod;
  /** A path under the API URL, already encoded (see `path`). */
  path: string;
  /** An absolute URL used instead of the API URL and `path` (the attachment upload target). */
  url?: string;
  query?: Fields;
  form?: Fields;
  json?: unknown;
  body?: Blob | ArrayBuffer | Uint8Array;
  contentType?: string;
  /** Sends the bearer token (default true). */
  auth?: boolean;
  /** Safe to repeat after it may have been processed (default: GET and DELETE only). */
  idempotent?: boolean;
  /** The response carries tokens: never quote its body in an error. */
  secretResponse?: boolean;
  /** What the caller reads of a 2xx body; a body without it is a `MonzoResponseParseError`. */
  shape?: BodyShape;
}

/** Gives the pipeline an access token, and recovers once from a 401 that says the token is stale. */
export interface AccessTokenSource {
  accessToken(signal?: AbortSignal): Promise<string>;
  /** The access token when it can be used at once, with nothing to load or refresh first; else `undefined`. */
  ready?(): string | undefined;
  /** Called on a 401 `unauthorized.bad_access_token…`; resolves when a fresh token is ready, or throws. */
  recover(staleToken: string, error: MonzoApiError, signal?: AbortSignal): Promise<void>;
  /** The secret values currently held, to mask wherever they might appear. */
  secrets(): string[];
}

export interface TransportConfig {
  apiUrl: string;
  fetch: typeof fetch;
  /** `fetch` is the platform's own (none was injected), which ends a request when its signal aborts. */
  fetchHonoursSignal?: boolean;
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfterMs: number;
  userAgent: string;
  logger?: Logger | undefined;
  tokens?: AccessTokenSource | undefined;
  /** Secrets that are not the current tokens (the client secret), masked like them. */
  secrets?: () => readonly string[];
}

const SNIPPET_LENGTH = 200;
const NOT_BLANK = /\S/;

/** The one request pipeline: build, attach the token, send with a timeout, retry, parse, map errors. */
export class Transport {
  constructor(readonly config: TransportConfig) {}

  async request<T>(request: ApiRequest): Promise<T> {
    const { config } = this;
    requireCallOptions(request);
    const summary: RequestSummary = { method: request.method, path: request.path };
    const idempotent = request.idempotent ?? (request.method === 'GET' || request.method === 'DELETE');
    const maxRetries = request.maxRetries ?? config.maxRetries;
    const url = request.url ?? buildUrl(config.apiUrl, request.path, request.query);
    if (request.url !== undefined && request.auth !== false) requireApiOrigin(request.url, config.apiUrl);
    const { body, contentType } = encodeBody(request);
    // The token exchange and refresh carry their secrets in the form, not in the token source. Gathered only
    // when an error is built: a call that succeeds never needs them.
    const secrets = () => [...this.secrets(), ...secretFieldValues(request)];
    let recovered = false;
    // An attempt that got no answer may still have been processed: then no later failure proves it was not.
    let uncertain = false;
    const fail = (error: unknown) =>
      uncertain && request.method !== 'GET' ? outcomeUnknownAfter(error, summary) : error;

    for (let attempt = 1; ; attempt++) {
      let token = request.auth === false ? undefined : this.accessToken(request.signal);
      if (typeof token === 'object') token = await token;
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': config.userAgent };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (contentType) headers['Content-Type'] = contentType;
      const started = performance.now();
      let raw: RawResponse;
      try {
        raw = await sendAttempt({
          url,
          method: request.method,
          headers,
          body,
          timeoutMs: request.timeoutMs ?? config.timeoutMs,
          signal: request.signal,
          fetch: config.fetch,
          fetchHonoursSignal: config.fetchHonoursSignal === true,
          request: summary,
          secrets,
        });
      } catch (error) {
        const outcome = networkOutcome(error);
        const retryIn =
          outcome && attempt <= maxRetries && isRetryable(outcome, idempotent)
            ? backoffDelay(attempt - 1)
            : undefined;
        this.log(summary, { attempt, started, error, retryIn });
        if (retryIn === undefined) throw fail(error);
        if (error instanceof MonzoConnectionError && error.outcomeUnknown) uncertain = true;
        await this.wait(retryIn, request.signal, summary);
        continue;
      }

      if (raw.status >= 200 && raw.status < 300) {
        this.log(summary, { attempt, started, status: raw.status });
        return parseSuccess(raw, summary, request, secrets) as T;
      }

      const error = errorFor(raw, summary, request.secretResponse, secrets());
      if (
        token &&
        !recovered &&
        error instanceof MonzoApiError &&
        error.status === 401 &&
        error.hasCode('unauthorized.bad_access_token') &&
        config.tokens
      ) {
        this.log(summary, { attempt, started, status: raw.status, error });
        recovered = true;
        await config.tokens.recover(token, error, request.signal);
        attempt--; // The replay after a refresh is not a retry.
        continue;
      }

      const retryAfter = parseRetryAfter(raw.headers.get('retry-after'));
      const outcome: Outcome = { kind: 'response', status: raw.status };
      let retryIn: number | undefined;
      if (attempt <= maxRetries && isRetryable(outcome, idempotent)) {
        // Never sooner than the server asked; a wait beyond the cap is surfaced instead of waited out.
        if (retryAfter === undefined) retryIn = backoffDelay(attempt - 1);
        else if (retryAfter <= config.maxRetryAfterMs) retryIn = retryAfter;
      }
      this.log(summary, { attempt, started, status: raw.status, error, retryIn });
      if (retryIn === undefined) throw fail(error);
      await this.wait(retryIn, request.signal, summary);
    }
  }

  /** The token to send; most calls find it ready, and skip the wait for a promise. */
  private accessToken(signal: AbortSignal | undefined): string | undefined | Promise<string | undefined> {
    const { tokens } = this.config;
    return tokens?.ready?.() ?? tokens?.accessToken(signal);
  }

  private secrets(): string[] {
    return [...(this.config.secrets?.() ?? []), ...(this.config.tokens?.secrets() ?? [])];
  }

  private async wait(ms: number, signal: AbortSignal | undefined, request: RequestSummary): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch {
      throw new MonzoAbortError(`${request.method} ${request.path} was aborted by the caller`);
    }
  }

  private log(
    request: RequestSummary,
    event: {
      attempt: number;
      started: number;
      status?: number;
      error?: unknown;
      retryIn?: number | undefined;
    },
  ): void {
    const { logger } = this.config;
    if (!logger) return;
    const durationMs = Math.round(performance.now() - event.started);
    const error = event.error instanceof Error ? event.error.name : undefined;
    const status = event.status ?? '-';
    logger.debug(
      `monzo ${request.method} ${request.path} ${status} ${durationMs}ms (attempt ${event.attempt})`,
      {
        method: request.method,
        path: request.path,
        status: event.status,
        durationMs,
        attempt: event.attempt,
        ...(error ? { error } : {}),
        ...(event.retryIn !== undefined ? { retryInMs: event.retryIn } : {}),
      },
    );
  }
}

/**
 * The error for a call an earlier attempt of which got no answer and may have been processed: whatever the last
 * attempt met (a 503, a 429, a refused connection), the call's outcome is unknown, and the error says so. The
 * last attempt's error is its cause.
 */
function outcomeUnknownAfter(error: unknown, request: RequestSummary): unknown {
  if (error instanceof MonzoConnectionError && error.outcomeUnknown) return error;
  const last = error instanceof Error ? error.message : String(error);
  return new MonzoConnectionError(
    `${request.method} ${request.path} failed: an earlier attempt got no answer and may have been processed, ` +
      `then the last attempt failed: ${last}`,
    request,
    true,
    { cause: error },
  );
}

function errorFor(
  raw: RawResponse,
  request: RequestSummary,
  secretResponse: boolean | undefined,
  secrets: readonly string[],
): Error {
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

/** The values of secret fields (`code`, `client_secret`, `refresh_token`…) in the query, form or JSON body. */
function secretFieldValues(request: ApiRequest): string[] {
  const values: string[] = [];
  const json = typeof request.json === 'object' && request.json !== null ? request.json : {};
  for (const fields of [request.query, request.form, json as Record<string, unknown>]) {
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (isSecretKey(key) && typeof value === 'string') values.push(value);
    }
  }
  return values;
}

function encodeBody(request: ApiRequest): { body?: BodyInit; contentType?: string } {
  if (request.form) {
    return { body: encodeFields(request.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (request.json !== undefined)
    return { body: JSON.stringify(request.json), contentType: 'application/json' };
  if (request.body !== undefined) {
    return { body: request.body as BodyInit, contentType: request.contentType ?? 'application/octet-stream' };
  }
  return {};
}

function networkOutcome(error: unknown): Outcome | undefined {
  if (error instanceof MonzoTimeoutError) return { kind: 'timeout' };
  if (error instanceof MonzoConnectionError) return { kind: 'network', sent: error.outcomeUnknown };
  return undefined;
}

function parseSuccess(
  raw: RawResponse,
  summary: RequestSummary,
  { secretResponse, shape }: ApiRequest,
  secrets: () => readonly string[],
): unknown {
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
