/**
 * The `type` strings of the error classes, each equal to its class name. A class's `type` is its own name or the
 * name of one of its subclasses, so a comparison with a name that no error has does not compile.
 */

/** A `MonzoPermissionError`, or the approval in the app that the login still lacks. */
export type MonzoPermissionErrorType = 'MonzoPermissionError' | 'MonzoApprovalRequiredError';

/** Every error made from an API answer with an error status. */
export type MonzoApiErrorType =
  | 'MonzoApiError'
  | 'MonzoBadRequestError'
  | 'MonzoAuthenticationError'
  | MonzoPermissionErrorType
  | 'MonzoScaWindowError'
  | 'MonzoNotFoundError'
  | 'MonzoRateLimitError'
  | 'MonzoServerError';

/** No response: refused, reset, or not in time. */
export type MonzoConnectionErrorType = 'MonzoConnectionError' | 'MonzoTimeoutError';

/** The `type` of any error the SDK throws. */
export type MonzoErrorType =
  | 'MonzoError'
  | MonzoApiErrorType
  | MonzoConnectionErrorType
  | 'MonzoAbortError'
  | 'MonzoConfigError'
  | 'MonzoOAuthStateError'
  | 'MonzoValidationError'
  | 'MonzoResponseParseError'
  | 'MonzoRedirectError'
  | 'MonzoPaginationError'
  | 'MonzoTokenStoreError'
  | 'MonzoWebhookError';
