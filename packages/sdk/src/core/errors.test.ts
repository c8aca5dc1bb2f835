import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MonzoApiErrorType, MonzoErrorType } from './error-types.js';
import {
  MonzoAbortError,
  MonzoApiError,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoBadRequestError,
  MonzoConfigError,
  MonzoConnectionError,
  MonzoError,
  MonzoNotFoundError,
  MonzoOAuthStateError,
  MonzoPaginationError,
  MonzoPermissionError,
  MonzoRateLimitError,
  MonzoRedirectError,
  MonzoResponseParseError,
  MonzoScaWindowError,
  MonzoServerError,
  MonzoTimeoutError,
  MonzoTokenStoreError,
  MonzoValidationError,
  MonzoWebhookError,
} from './errors.js';

const api = { status: 400, code: 'bad_request', message: 'no' };
const request = { method: 'GET', path: '/accounts' };

/** One of each class the SDK throws, built as the SDK builds it. */
const EVERY_ERROR: MonzoError[] = [
  new MonzoError('x'),
  new MonzoApiError(api),
  new MonzoBadRequestError(api),
  new MonzoAuthenticationError(api),
  new MonzoPermissionError(api),
  new MonzoApprovalRequiredError(api),
  new MonzoScaWindowError(api),
  new MonzoNotFoundError(api),
  new MonzoRateLimitError(api),
  new MonzoServerError(api),
  new MonzoConnectionError('x', request, false),
  new MonzoTimeoutError('x', request, true),
  new MonzoAbortError('x'),
  new MonzoConfigError(['MONZO_CLIENT_ID is missing']),
  new MonzoOAuthStateError('x'),
  new MonzoValidationError('amount', 'x'),
  new MonzoResponseParseError(502, '<html>', request),
  new MonzoRedirectError('x', { status: 302, location: undefined, followed: false, request }),
  new MonzoPaginationError('x', { since: 'tx_1', pages: 2 }),
  new MonzoTokenStoreError('x'),
  new MonzoWebhookError('x'),
];

describe('MonzoError.type', () => {
  it("is each class's name, and one of the names MonzoErrorType lists", () => {
    const listed: Record<MonzoErrorType, true> = {
      MonzoError: true,
      MonzoApiError: true,
      MonzoBadRequestError: true,
      MonzoAuthenticationError: true,
      MonzoPermissionError: true,
      MonzoApprovalRequiredError: true,
      MonzoScaWindowError: true,
      MonzoNotFoundError: true,
      MonzoRateLimitError: true,
      MonzoServerError: true,
      MonzoConnectionError: true,
      MonzoTimeoutError: true,
      MonzoAbortError: true,
      MonzoConfigError: true,
      MonzoOAuthStateError: true,
      MonzoValidationError: true,
      MonzoResponseParseError: true,
      MonzoRedirectError: true,
      MonzoPaginationError: true,
      MonzoTokenStoreError: true,
      MonzoWebhookError: true,
    };
    for (const error of EVERY_ERROR) {
      expect(error.type).toBe(error.constructor.name);
      expect(error.type).toBe(error.name);
    }
    expect(EVERY_ERROR.map((error) => error.type).sort()).toEqual(Object.keys(listed).sort());
  });

  it('is typed as the union of those names, narrowed on each class to itself and its subclasses', () => {
    expectTypeOf<MonzoError['type']>().toEqualTypeOf<MonzoErrorType>();
    expectTypeOf<MonzoApiError['type']>().toEqualTypeOf<MonzoApiErrorType>();
    expectTypeOf<MonzoPermissionError['type']>().toEqualTypeOf<
      'MonzoPermissionError' | 'MonzoApprovalRequiredError'
    >();
    expectTypeOf<MonzoRateLimitError['type']>().toEqualTypeOf<'MonzoRateLimitError'>();
    expectTypeOf<MonzoTimeoutError['type']>().toEqualTypeOf<'MonzoTimeoutError'>();
    expectTypeOf<'MonzoRateLimitError'>().toExtend<MonzoErrorType>();
    expectTypeOf<string>().not.toExtend<MonzoErrorType>();

    const error: MonzoError = new MonzoRateLimitError(api);
    // @ts-expect-error a misspelt name: with `type: string` this compiled and was silently never true
    expect(error.type === 'MonzoRateLimitErorr').toBe(false);
    expect(error.type === 'MonzoRateLimitError').toBe(true);
  });
});
