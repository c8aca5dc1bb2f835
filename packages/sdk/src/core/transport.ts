import { errorFor, parseSuccess } from './answer.js';
import { buildUrl, encodeFields, type Fields } from './encode.js';
import {
  MonzoAbortError,
  MonzoApiError,
  MonzoConnectionError,
  MonzoRedirectError,
  MonzoTimeoutError,
  type RequestSummary,
} from './errors.js';
import type { Logger } from './logger.js';
import { answerLeavesUnknown, type IfUnknown, type Uncertain, writeError } from './outcome.js';
import { isSecretKey } from './redact.js';
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
  /** For a call that changes something: what its error says to do when its outcome is unknown. */
  ifUnknown?: IfUnknown;
  /** A page of transactions: its body may be up to `maxPageBytes` rather than `maxResponseBytes`. */
  largeBody?: boolean;
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
  /** The largest body read, in bytes as decoded; a larger one is a `MonzoResponseParseError`, never retried. */
  maxResponseBytes: number;
  /** The same for a page of transactions. */
  maxPageBytes: number;
  userAgent: string;
  logger?: Logger | undefined;
  tokens?: AccessTokenSource | undefined;
  /** Secrets that are not the current tokens (the client secret), masked like them. */
  secrets?: () => readonly string[];
}

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
    const write = request.method !== 'GET';
    const maxBytes = request.largeBody ? config.maxPageBytes : config.maxResponseBytes;
    let recovered = false;
    // An attempt that got no answer may still have been processed: then no later failure proves it was not.
    let uncertain: Uncertain;
    const fail = (error: unknown, status?: number) =>
      write
        ? writeError(error, { request: summary, ifUnknown: request.ifUnknown, status, uncertain })
        : error;

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
          maxBytes,
          secrets,
        });
      } catch (error) {
        const outcome = networkOutcome(error);
        const retryIn =
          outcome && attempt <= maxRetries && isRetryable(outcome, idempotent)
            ? backoffDelay(attempt - 1)
            : undefined;
        this.log(summary, { attempt, started, error, retryIn });
        // A redirect was an answer, from whatever stands at apiUrl: it may have acted on the request first.
        if (retryIn === undefined)
          throw fail(error, error instanceof MonzoRedirectError ? error.status : undefined);
        if (error instanceof MonzoConnectionError && error.outcomeUnknown) uncertain = 'lost';
        await this.wait(retryIn, request.signal, summary);
        continue;
      }

      if (raw.status >= 200 && raw.status < 300) {
        this.log(summary, { attempt, started, status: raw.status });
        if (!write) return parseSuccess(raw, summary, request, secrets) as T;
        try {
          return parseSuccess(raw, summary, request, secrets) as T;
        } catch (error) {
          throw fail(error, raw.status);
        }
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
        try {
          await config.tokens.recover(token, error, request.signal);
        } catch (failure) {
          // "Log in again" says nothing of an earlier attempt that may have been processed: that still holds.
          throw fail(failure);
        }
        attempt--; // The replay after a refresh is not a retry.
        continue;
      }

      const retryAfter = parseRetryAfter(raw.headers.get('retry-after'));
      const outcome: Outcome = { kind: 'response', status: raw.status };
      let retryIn: number | undefined;
      // A body over the limit is not fetched again: it would be as large the next time.
      if (raw.overLimit === undefined && attempt <= maxRetries && isRetryable(outcome, idempotent)) {
        // Never sooner than the server asked; a wait beyond the cap is surfaced instead of waited out.
        if (retryAfter === undefined) retryIn = backoffDelay(attempt - 1);
        else if (retryAfter <= config.maxRetryAfterMs) retryIn = retryAfter;
      }
      this.log(summary, { attempt, started, status: raw.status, error, retryIn });
      if (retryIn === undefined) throw fail(error, raw.status);
      if (write && uncertain === undefined && answerLeavesUnknown(raw.status, error)) uncertain = 'answered';
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
