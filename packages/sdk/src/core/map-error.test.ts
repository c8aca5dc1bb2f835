import { describe, expect, it } from 'vitest';
import { exampleJson } from '../../test/support/fixtures.js';
import {
  MonzoApiError,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoBadRequestError,
  MonzoError,
  type MonzoErrorBody,
  MonzoNotFoundError,
  MonzoPermissionError,
  MonzoRateLimitError,
  MonzoScaWindowError,
  MonzoServerError,
} from './errors.js';
import { errorFromResponse } from './map-error.js';

const request = { method: 'GET', path: '/transactions' };

function map(status: number, body: MonzoErrorBody | undefined, extra: { retryAfter?: number } = {}) {
  return errorFromResponse({ status, body, request, requestId: 'req_123', ...extra });
}

describe('errorFromResponse with the example error bodies', () => {
  it.each([
    ['error.access-token-expired.json', 401, MonzoAuthenticationError],
    ['error.access-token-evicted.json', 401, MonzoAuthenticationError],
    ['error.bad-refresh-token.json', 401, MonzoAuthenticationError],
    ['error.refresh-token-evicted.json', 401, MonzoAuthenticationError],
    ['error.insufficient-permissions.json', 403, MonzoApprovalRequiredError],
    ['error.verification-required.json', 403, MonzoScaWindowError],
    ['error.missing-param-account-id.json', 400, MonzoBadRequestError],
  ] as const)('maps %s (status %d) to %o', (file, status, expected) => {
    const body = exampleJson<MonzoErrorBody>(file);
    const error = map(status, body);
    expect(error).toBeInstanceOf(expected);
    expect(error.constructor).toBe(expected);
    expect(error.status).toBe(status);
    expect(error.code).toBe(body.code);
    expect(error.message).toContain(body.message);
    expect(error.message).toContain('(GET /transactions, request req_123)');
    expect(error.requestId).toBe('req_123');
    expect(error.request).toEqual(request);
  });

  it('tells the user to approve the login in the Monzo app on 403 insufficient_permissions', () => {
    const error = map(403, exampleJson('error.insufficient-permissions.json'));
    expect(error).toBeInstanceOf(MonzoPermissionError);
    expect(error.message).toMatch(/approve this login in the Monzo app/i);
  });

  it('reports 403 verification_required and 400 outside_sca as the one SCA error explaining the 90 days', () => {
    const forbidden = map(403, exampleJson('error.verification-required.json'));
    const outside = map(400, { code: 'bad_request.outside_sca', message: 'Outside SCA window' });
    for (const error of [forbidden, outside]) {
      expect(error).toBeInstanceOf(MonzoScaWindowError);
      expect(error).not.toBeInstanceOf(MonzoBadRequestError);
      expect(error).not.toBeInstanceOf(MonzoPermissionError);
      expect(error.message).toContain('90 days');
      expect(error.message).toContain('5 minutes');
    }
    expect(outside.status).toBe(400);
    expect(forbidden.status).toBe(403);
  });

  it('treats a more specific SCA code as the SCA error too, but not a code that only shares letters', () => {
    expect(map(403, { code: 'forbidden.verification_required.stale' })).toBeInstanceOf(MonzoScaWindowError);
    expect(map(403, { code: 'forbidden.verification_required_soon' })).toBeInstanceOf(MonzoPermissionError);
  });

  it('keeps the missing parameter in the code, which hasCode matches by prefix', () => {
    const error = map(400, exampleJson('error.missing-param-account-id.json'));
    expect(error.hasCode('bad_request')).toBe(true);
    expect(error.hasCode('bad_request.missing_param')).toBe(true);
    expect(error.hasCode('bad_request.missing_param.account_id')).toBe(true);
    expect(error.hasCode('bad_request.missing')).toBe(false);
    expect(error.hasCode('bad_request.missing_param.account')).toBe(false);
    expect(error.hasCode('missing_param')).toBe(false);
  });
});

describe('errorFromResponse by status', () => {
  it('maps 404 to MonzoNotFoundError', () => {
    const error = map(404, { code: 'not_found.transaction', message: 'No such transaction' });
    expect(error).toBeInstanceOf(MonzoNotFoundError);
    expect(error.hasCode('not_found')).toBe(true);
  });

  it('maps 429 to MonzoRateLimitError carrying retryAfter in ms', () => {
    const error = map(429, undefined, { retryAfter: 30_000 });
    expect(error).toBeInstanceOf(MonzoRateLimitError);
    expect((error as MonzoRateLimitError).retryAfter).toBe(30_000);
    expect(error.code).toBe('rate_limited');
  });

  it('leaves retryAfter undefined on a 429 without Retry-After', () => {
    expect((map(429, { code: 'too_many_requests' }) as MonzoRateLimitError).retryAfter).toBeUndefined();
  });

  it.each([500, 502, 503, 504, 599])('maps %d to MonzoServerError', (status) => {
    expect(map(status, undefined)).toBeInstanceOf(MonzoServerError);
  });

  it('maps other 403s to MonzoPermissionError, not the approval error', () => {
    const error = map(403, { code: 'forbidden.some_other_reason', message: 'No' });
    expect(error.constructor).toBe(MonzoPermissionError);
  });

  it('maps an unknown status such as 418 to the base MonzoApiError with a synthetic code', () => {
    const error = map(418, undefined);
    expect(error.constructor).toBe(MonzoApiError);
    expect(error.code).toBe('http_418');
    expect(error.message).toContain('Monzo answered with status 418');
  });

  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [500, 'internal_service'],
    [504, 'timeout'],
  ])('fills in the code for a %d without a body', (status, code) => {
    expect(map(status, undefined).code).toBe(code);
  });

  it('uses the OAuth error_description when there is no message', () => {
    const error = map(401, { error: 'invalid_grant', error_description: 'Code already used' });
    expect(error.message).toContain('Code already used');
  });
});

describe('every mapped error', () => {
  const cases: Array<[number, MonzoErrorBody | undefined]> = [
    [400, { code: 'bad_request.outside_sca' }],
    [400, undefined],
    [401, undefined],
    [403, { code: 'forbidden.insufficient_permissions' }],
    [403, { code: 'forbidden.verification_required' }],
    [403, undefined],
    [404, undefined],
    [429, undefined],
    [500, undefined],
    [418, undefined],
  ];

  it.each(cases)('is a MonzoError whose type equals its name (%d %j)', (status, body) => {
    const error = map(status, body);
    expect(error).toBeInstanceOf(MonzoError);
    expect(error).toBeInstanceOf(MonzoApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.type).toBe(error.name);
    expect(error.name).toBe(error.constructor.name);
  });
});

describe('params', () => {
  it('keeps params when they are a map of strings', () => {
    expect(map(400, { code: 'bad_request', params: { account_id: 'acc_1' } }).params).toEqual({
      account_id: 'acc_1',
    });
  });

  it.each([
    ['a string', 'account_id'],
    ['null', null],
    ['an array of strings', ['account_id']],
    ['a map with a number', { count: 3 }],
    ['a map with a nested object', { nested: { a: 'b' } }],
  ])('drops params that are %s', (_label, params) => {
    expect(map(400, { code: 'bad_request', params } as unknown as MonzoErrorBody).params).toBeUndefined();
  });
});

describe('secrets the server echoes back', () => {
  const token = 'tok_ECHOED_0123456789';

  it('are masked in the message, whether known or shaped like a bearer header', () => {
    const error = errorFromResponse({
      status: 400,
      body: { code: 'bad_request', message: `Bad ${token}; Authorization: Bearer other_0123456789` },
      request,
      secrets: [token],
    });
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain('other_0123456789');
    expect(error.message).toContain('[REDACTED]');
  });

  it('are masked in params, by key and by known value, on a copy', () => {
    const params = { refresh_token: 'rt_unknown_value', note: `for ${token}`, account_id: 'acc_1' };
    const error = errorFromResponse({
      status: 400,
      body: { code: 'bad_request', params },
      request,
      secrets: [token],
    });
    expect(error.params).toEqual({
      refresh_token: '[REDACTED]',
      note: 'for [REDACTED]',
      account_id: 'acc_1',
    });
    expect(params.refresh_token).toBe('rt_unknown_value');
  });
});

describe('the request id in the message', () => {
  it('is quoted when short and printable, and only kept on requestId otherwise', () => {
    const body = { code: 'not_found', message: 'No such thing' };
    const plain = errorFromResponse({ status: 404, body, request, requestId: 'req_abc' });
    expect(plain.message).toBe('No such thing [404 not_found] (GET /transactions, request req_abc)');
    for (const odd of ['x'.repeat(200), 'with space', 'tab\there']) {
      const error = errorFromResponse({ status: 404, body, request, requestId: odd });
      expect(error.message).toBe('No such thing [404 not_found] (GET /transactions)');
      expect(error.requestId).toBe(odd);
    }
    const alone = new MonzoNotFoundError({
      status: 404,
      code: 'not_found',
      message: 'No such thing',
      requestId: 'req_abc',
    });
    expect(alone.message).toBe('No such thing [404 not_found] (request req_abc)');
  });
});
