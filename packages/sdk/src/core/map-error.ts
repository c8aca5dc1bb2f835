import {
  type ApiErrorInit,
  MonzoApiError,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoBadRequestError,
  type MonzoErrorBody,
  MonzoNotFoundError,
  MonzoPermissionError,
  MonzoRateLimitError,
  MonzoScaWindowError,
  MonzoServerError,
  type RequestSummary,
} from './errors.js';
import { isSecretKey, REDACTED, redactText } from './redact.js';

/** The SCA codes: one is observed, the other a lead; both mean the same thing (monzo-api.md §4). */
const SCA_CODES = ['forbidden.verification_required', 'bad_request.outside_sca'];

const SCA_HINT =
  'The full transaction history is readable only in the 5 minutes after a login is approved; after that only ' +
  'the last 90 days. Pass a `since` within the last 90 days, or log in again and fetch the history at once.';
const APPROVAL_HINT = 'Approve this login in the Monzo app (a push notification was sent), then retry.';

export interface ErrorResponse {
  status: number;
  body: MonzoErrorBody | undefined;
  request: RequestSummary;
  requestId?: string | undefined;
  retryAfter?: number | undefined;
  /** Secret values the request carried or holds; masked wherever the server quotes them. */
  secrets?: readonly string[] | undefined;
}

/** Builds the typed error for an error response: the one place where statuses and codes become classes. */
export function errorFromResponse(response: ErrorResponse): MonzoApiError {
  const { status, body } = response;
  // A server or proxy may echo the request back, headers and form body included: every field kept from the
  // answer is masked, the code and the request id as much as the message.
  const code = redactText(
    typeof body?.code === 'string' && body.code ? body.code : fallbackCode(status),
    response.secrets,
  );
  const serverMessage = redactText(
    (typeof body?.message === 'string' && body.message) ||
      (typeof body?.error_description === 'string' && body.error_description) ||
      `Monzo answered with status ${status}`,
    response.secrets,
  );
  const init: ApiErrorInit = {
    status,
    code,
    message: serverMessage,
    request: response.request,
    params: isStringMap(body?.params) ? redactParams(body.params, response.secrets) : undefined,
    requestId:
      response.requestId === undefined ? undefined : redactText(response.requestId, response.secrets),
  };

  if (SCA_CODES.some((sca) => code === sca || code.startsWith(`${sca}.`))) {
    return new MonzoScaWindowError({ ...init, message: `${serverMessage}. ${SCA_HINT}` });
  }
  if (status === 400) return new MonzoBadRequestError(init);
  if (status === 401) return new MonzoAuthenticationError(init);
  if (status === 403) {
    if (code === 'forbidden.insufficient_permissions') {
      return new MonzoApprovalRequiredError({ ...init, message: `${serverMessage}. ${APPROVAL_HINT}` });
    }
    return new MonzoPermissionError(init);
  }
  if (status === 404) return new MonzoNotFoundError(init);
  if (status === 429) return new MonzoRateLimitError({ ...init, retryAfter: response.retryAfter });
  if (status >= 500) return new MonzoServerError(init);
  return new MonzoApiError(init);
}

function fallbackCode(status: number): string {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'internal_service';
  return `http_${status}`;
}

function redactParams(
  params: Record<string, string>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    copy[redactText(key, secrets)] = isSecretKey(key) ? REDACTED : redactText(value, secrets);
  }
  return copy;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}
