/**
 * The one error tree of the SDK: every error it throws is a `MonzoError`. Each class carries a string `type`
 * equal to its name, which survives where `instanceof` does not (two copies of the package in one program).
 */
import type * as Types from './error-types.js';

/** What the request was, for an error or a log line: never a header or a body, so never a secret. */
export interface RequestSummary {
  method: string;
  path: string;
}

/** The base of every error the SDK throws: catch it to catch them all. */
export class MonzoError extends Error {
  readonly type: Types.MonzoErrorType = 'MonzoError';
  override name = 'MonzoError';
  /**
   * True when the call may have changed something at Monzo although it failed: its answer was lost (a reset, a
   * timeout), cut or unreadable, or came from a gateway (502, 503, 504). Do not simply repeat the call: follow
   * `advice`, which the message ends with too.
   */
  readonly outcomeUnknown: boolean;
  /** The `dedupe_id` of a pot move whose outcome is unknown: the same move sent again with it moves money once. */
  declare readonly dedupeId?: string;
  /** For a call whose outcome is unknown: how to finish it without doing it twice. */
  declare readonly advice?: string;

  constructor(message?: string, options?: MonzoErrorOptions) {
    super(message, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
    if (options?.dedupeId !== undefined) this.dedupeId = options.dedupeId;
    if (options?.advice !== undefined) this.advice = options.advice;
  }
}

/** What any `MonzoError` may be built with besides its message. */
export interface MonzoErrorOptions extends ErrorOptions {
  outcomeUnknown?: boolean | undefined;
  dedupeId?: string | undefined;
  advice?: string | undefined;
}

/** Monzo's error body, as in monzo-api.md §9.2; fields the API adds later pass through at runtime (see `extraField`). */
export interface MonzoErrorBody {
  code?: string;
  message?: string;
  params?: Record<string, string>;
  retryable?: { value?: boolean };
  error?: string;
  error_description?: string;
}

/** What a `MonzoApiError` is made from: the answer's status and Monzo's error body, already read. */
export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  request?: RequestSummary | undefined;
  params?: Record<string, string> | undefined;
  requestId?: string | undefined;
}

/** The API answered with an error status. `code` is Monzo's dotted code, e.g. `bad_request.missing_param.account_id`. */
export class MonzoApiError extends MonzoError {
  override readonly type: Types.MonzoApiErrorType = 'MonzoApiError';
  override name = 'MonzoApiError';
  readonly status: number;
  readonly code: string;
  readonly params: Record<string, string> | undefined;
  readonly requestId: string | undefined;
  readonly request: RequestSummary | undefined;

  constructor(init: ApiErrorInit) {
    super(describe(init));
    this.status = init.status;
    this.code = init.code;
    this.params = init.params;
    this.requestId = init.requestId;
    this.request = init.request;
  }

  /** True when `code` is `prefix` or starts with `prefix.`: Monzo's codes nest (`bad_request.missing_param.x`). */
  hasCode(prefix: string): boolean {
    return this.code === prefix || this.code.startsWith(`${prefix}.`);
  }
}

function describe(init: ApiErrorInit): string {
  const where = [init.request && `${init.request.method} ${init.request.path}`, quotableId(init.requestId)];
  const shown = where.filter(Boolean).join(', ');
  return `${init.message} [${init.status} ${init.code}]${shown ? ` (${shown})` : ''}`;
}

/** `request req_…`, the id support asks for, when it is a short printable token; the field keeps any value. */
function quotableId(requestId: string | undefined): string | undefined {
  return requestId !== undefined && /^[\x21-\x7e]{1,128}$/.test(requestId)
    ? `request ${requestId}`
    : undefined;
}

/** 400: the request was malformed or missed an argument. */
export class MonzoBadRequestError extends MonzoApiError {
  override readonly type: 'MonzoBadRequestError' = 'MonzoBadRequestError';
  override name = 'MonzoBadRequestError';
}

/**
 * 401, or a login that cannot continue: the access token is expired, evicted or unknown. `loginRequired` is true
 * when no refresh can help and the user must go through the OAuth login again.
 */
export class MonzoAuthenticationError extends MonzoApiError {
  override readonly type: 'MonzoAuthenticationError' = 'MonzoAuthenticationError';
  override name = 'MonzoAuthenticationError';
  readonly loginRequired: boolean;

  constructor(init: ApiErrorInit & { loginRequired?: boolean }) {
    super(init);
    this.loginRequired = init.loginRequired ?? false;
  }
}

/** 403: authenticated, but not allowed. */
export class MonzoPermissionError extends MonzoApiError {
  override readonly type: Types.MonzoPermissionErrorType = 'MonzoPermissionError';
  override name = 'MonzoPermissionError';
}

/** 403 `forbidden.insufficient_permissions`: the login has not been approved in the Monzo app yet. */
export class MonzoApprovalRequiredError extends MonzoPermissionError {
  override readonly type: 'MonzoApprovalRequiredError' = 'MonzoApprovalRequiredError';
  override name = 'MonzoApprovalRequiredError';
}

/**
 * The transaction history asked for is outside the Strong Customer Authentication window: the full history is
 * readable only for 5 minutes after a login is approved, then only the last 90 days. Raised for 403
 * `forbidden.verification_required` and for 400 `bad_request.outside_sca` alike.
 */
export class MonzoScaWindowError extends MonzoApiError {
  override readonly type: 'MonzoScaWindowError' = 'MonzoScaWindowError';
  override name = 'MonzoScaWindowError';
}

/** 404: no such endpoint or object. */
export class MonzoNotFoundError extends MonzoApiError {
  override readonly type: 'MonzoNotFoundError' = 'MonzoNotFoundError';
  override name = 'MonzoNotFoundError';
}

/** 429: rate limited. `retryAfter` is the server's requested wait in milliseconds, when it sent one. */
export class MonzoRateLimitError extends MonzoApiError {
  override readonly type: 'MonzoRateLimitError' = 'MonzoRateLimitError';
  override name = 'MonzoRateLimitError';
  readonly retryAfter: number | undefined;

  constructor(init: ApiErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx: Monzo failed. */
export class MonzoServerError extends MonzoApiError {
  override readonly type: 'MonzoServerError' = 'MonzoServerError';
  override name = 'MonzoServerError';
}

/**
 * No response arrived (refused, reset, DNS, timeout). When the request may have reached Monzo, `outcomeUnknown`
 * is true: for a call that changes something, follow `advice` (for a pot move, send it again with `dedupeId`)
 * rather than simply repeating it.
 */
export class MonzoConnectionError extends MonzoError {
  override readonly type: Types.MonzoConnectionErrorType = 'MonzoConnectionError';
  override name = 'MonzoConnectionError';
  readonly request: RequestSummary;

  constructor(
    message: string,
    request: RequestSummary,
    outcomeUnknown: boolean,
    options?: Omit<MonzoErrorOptions, 'outcomeUnknown'>,
  ) {
    super(message, { ...options, outcomeUnknown });
    this.request = request;
  }
}

/** No response within `timeoutMs`. */
export class MonzoTimeoutError extends MonzoConnectionError {
  override readonly type: 'MonzoTimeoutError' = 'MonzoTimeoutError';
  override name = 'MonzoTimeoutError';
}

/** The caller's `AbortSignal` fired. Never retried. */
export class MonzoAbortError extends MonzoError {
  override readonly type: 'MonzoAbortError' = 'MonzoAbortError';
  override name = 'MonzoAbortError';
}

/** The configuration is missing or malformed; `problems` names every key at fault. */
export class MonzoConfigError extends MonzoError {
  override readonly type: 'MonzoConfigError' = 'MonzoConfigError';
  override name = 'MonzoConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid Monzo configuration:\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

/** The OAuth callback's `state` does not match the one that was sent: a possible CSRF attack. */
export class MonzoOAuthStateError extends MonzoError {
  override readonly type: 'MonzoOAuthStateError' = 'MonzoOAuthStateError';
  override name = 'MonzoOAuthStateError';
}

/** An argument was refused before anything was sent; `field` names it. */
export class MonzoValidationError extends MonzoError {
  override readonly type: 'MonzoValidationError' = 'MonzoValidationError';
  override name = 'MonzoValidationError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/**
 * The response body was not the JSON expected: not JSON, or JSON without what the SDK reads of it (`reason`
 * says what). `bodySnippet` holds its first bytes, secrets masked.
 */
export class MonzoResponseParseError extends MonzoError {
  override readonly type: 'MonzoResponseParseError' = 'MonzoResponseParseError';
  override name = 'MonzoResponseParseError';
  readonly status: number;
  readonly bodySnippet: string;
  readonly request: RequestSummary;

  constructor(
    status: number,
    bodySnippet: string,
    request: RequestSummary,
    options?: ErrorOptions & { reason?: string },
  ) {
    const reason = options?.reason ? ` (${options.reason})` : '';
    super(
      `Monzo answered ${request.method} ${request.path} with status ${status} and a body that is not the JSON expected${reason}: ${JSON.stringify(bodySnippet)}`,
      options,
    );
    this.status = status;
    this.bodySnippet = bodySnippet;
    this.request = request;
  }
}

/**
 * The server answered with a redirect (3xx), which the SDK never follows: the request carried a token or a
 * secret, and a redirect could hand it to another host. Monzo's API does not redirect, so this means `apiUrl`
 * (or a proxy in between) is not Monzo's API. `location` is the origin the answer pointed to (never its path or
 * query), when known; `followed` is true when an injected `fetch` followed it anyway, despite `redirect: 'manual'`.
 */
export class MonzoRedirectError extends MonzoError {
  override readonly type: 'MonzoRedirectError' = 'MonzoRedirectError';
  override name = 'MonzoRedirectError';
  readonly status: number;
  readonly location: string | undefined;
  readonly followed: boolean;
  readonly request: RequestSummary;

  constructor(
    message: string,
    init: { status: number; location: string | undefined; followed: boolean; request: RequestSummary },
  ) {
    super(message);
    this.status = init.status;
    this.location = init.location;
    this.followed = init.followed;
    this.request = init.request;
  }
}

/**
 * A page walk made no progress: the page asked for after the last id brought nothing past it, as from a server
 * that ignores `since`. The walk stops with this error rather than fetch the same pages for ever.
 */
export class MonzoPaginationError extends MonzoError {
  override readonly type: 'MonzoPaginationError' = 'MonzoPaginationError';
  override name = 'MonzoPaginationError';
  /** The id the page was asked for after (`since`). */
  readonly since: string;
  /** Pages fetched before the walk stopped. */
  readonly pages: number;

  constructor(message: string, init: { since: string; pages: number }) {
    super(message);
    this.since = init.since;
    this.pages = init.pages;
  }
}

/** The token store failed to read or save tokens. */
export class MonzoTokenStoreError extends MonzoError {
  override readonly type: 'MonzoTokenStoreError' = 'MonzoTokenStoreError';
  override name = 'MonzoTokenStoreError';
}

/**
 * A webhook delivery is not what Monzo sends: its body is not JSON, or not an event of the expected shape. The
 * message names what is wrong, never the body itself.
 */
export class MonzoWebhookError extends MonzoError {
  override readonly type: 'MonzoWebhookError' = 'MonzoWebhookError';
  override name = 'MonzoWebhookError';
}
