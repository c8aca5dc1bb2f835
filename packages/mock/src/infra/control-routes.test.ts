import { describe, expect, it } from 'vitest';
import { createMockMonzo, type MockMonzo } from '../index.js';
import { login } from '../oauth/test-support.js';
import { IN_PROCESS } from './test-support.js';

/** A control call: JSON in (when given), status and parsed JSON out. */
async function control(
  mock: MockMonzo,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await mock.fetch(`${IN_PROCESS}/_mock${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function api(
  mock: MockMonzo,
  token: string,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await mock.fetch(`${IN_PROCESS}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the control API over HTTP (/_mock/…)', () => {
  it('POST /approve approves one login or every pending one, as the user would in the app', async () => {
    const mock = createMockMonzo();
    const { access_token } = await login(mock);
    expect((await api(mock, access_token, '/accounts')).body.code).toBe('forbidden.insufficient_permissions');

    expect(await control(mock, 'POST', '/approve', { token: 'not-a-token' })).toEqual({
      status: 200,
      body: { approved: 0 },
    });
    expect(await control(mock, 'POST', '/approve', { token: access_token })).toEqual({
      status: 200,
      body: { approved: 1 },
    });
    expect((await api(mock, access_token, '/accounts')).status).toBe(200);

    const second = await login(mock);
    expect(await control(mock, 'POST', '/approve')).toEqual({ status: 200, body: { approved: 1 } });
    expect((await api(mock, second.access_token, '/accounts')).status).toBe(200);
    expect((await control(mock, 'POST', '/approve', { token: 42 })).body.code).toBe(
      'bad_request.bad_param.token',
    );
  });

  it('GET /time, POST /time and POST /time/advance read, set and move the clock', async () => {
    const mock = createMockMonzo();
    const now = (await control(mock, 'GET', '/time')).body;
    expect(now.now).toBeCloseTo(mock.control.now(), -3);
    expect(now.iso).toBe(new Date(now.now as number).toISOString());

    const set = await control(mock, 'POST', '/time', { now: '2030-01-01T00:00:00Z' });
    expect(set.status).toBe(200);
    expect(set.body.iso).toMatch(/^2030-01-01T00:00:0/);
    const moved = await control(mock, 'POST', '/time/advance', { ms: 86_400_000 });
    expect(moved.body.iso).toMatch(/^2030-01-02T00:00:0/);
    expect(mock.control.now()).toBeGreaterThanOrEqual(Date.parse('2030-01-02T00:00:00Z'));
    await control(mock, 'POST', '/time', { now: Date.parse('2031-06-01T12:00:00Z') });
    expect(new Date(mock.control.now()).toISOString()).toMatch(/^2031-06-01T12:00:0/);

    expect((await control(mock, 'POST', '/time/advance', {})).body.code).toBe('bad_request.missing_param.ms');
    expect((await control(mock, 'POST', '/time/advance', { ms: '1h' })).body.code).toBe(
      'bad_request.bad_param.ms',
    );
    expect((await control(mock, 'POST', '/time', { now: 'soon' })).body.code).toBe(
      'bad_request.bad_param.now',
    );
    expect((await control(mock, 'POST', '/time')).body.code).toBe('bad_request.missing_param.now');
  });

  it('POST /tokens/expire expires every access token', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await login(mock);
    expect((await api(mock, access_token, '/ping/whoami')).status).toBe(200);
    expect(await control(mock, 'POST', '/tokens/expire')).toEqual({ status: 200, body: {} });
    const after = await api(mock, access_token, '/ping/whoami');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthorized.bad_access_token.expired');
  });

  it('POST /transactions creates a transaction the API then serves', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await login(mock);
    const personal = mock.control.dataset().accounts[0]?.id;
    const created = await control(mock, 'POST', '/transactions', {
      account_id: personal,
      amount: -1234,
      description: 'Coffee',
      merchant: false,
    });
    expect(created.status).toBe(200);
    const transaction = created.body.transaction as { id: string; amount: number; account_id: string };
    expect(transaction).toMatchObject({ amount: -1234, account_id: personal });
    const served = await api(mock, access_token, `/transactions/${transaction.id}`);
    expect(served.status).toBe(200);
    expect(served.body.transaction).toMatchObject({ id: transaction.id, amount: -1234 });

    expect((await control(mock, 'POST', '/transactions', {})).body.code).toBe(
      'bad_request.missing_param.amount',
    );
    expect((await control(mock, 'POST', '/transactions', { amount: 1.5 })).body.code).toBe(
      'bad_request.bad_param.amount',
    );
    expect((await control(mock, 'POST', '/transactions', { amount: 1, merchant: 'yes' })).body.code).toBe(
      'bad_request.bad_param.merchant',
    );
    expect((await control(mock, 'POST', '/transactions', { amount: 1, description: 7 })).body.code).toBe(
      'bad_request.bad_param.description',
    );
    expect((await control(mock, 'POST', '/transactions', { amount: 1, account_id: 'acc_nope' })).status).toBe(
      404,
    );
  });

  it('POST /faults adds a rule and returns its id; GET lists them; DELETE removes one or all', async () => {
    const mock = createMockMonzo();
    const added = await control(mock, 'POST', '/faults', { rule: { path: '/ping/whoami', status: 503 } });
    expect(added).toEqual({ status: 200, body: { id: expect.any(String) } });
    const bare = await control(mock, 'POST', '/faults', { path: '/accounts', status: 500, times: 2 });
    expect(bare.status).toBe(200);
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([
      { id: added.body.id, remaining: null, rule: { path: '/ping/whoami', status: 503 } },
      { id: bare.body.id, remaining: 2, rule: { path: '/accounts', status: 500, times: 2 } },
    ]);
    expect((await mock.fetch(`${IN_PROCESS}/ping/whoami`)).status).toBe(503);

    expect(await control(mock, 'DELETE', `/faults/${added.body.id}`)).toEqual({ status: 200, body: {} });
    expect((await mock.fetch(`${IN_PROCESS}/ping/whoami`)).status).toBe(401);
    expect((await control(mock, 'DELETE', `/faults/${added.body.id}`)).body.code).toBe('not_found.fault');
    expect(await control(mock, 'DELETE', '/faults')).toEqual({ status: 200, body: {} });
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
  });

  it('refuses a bad fault rule with a 400 that says what is wrong', async () => {
    const mock = createMockMonzo();
    const refused = await control(mock, 'POST', '/faults', {
      rule: { path: '/balance', reset: 'sometimes' },
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        code: 'bad_request.bad_param.rule',
        message: 'reset must be "before" or "after"',
        retryable: {},
      },
    });
    expect((await control(mock, 'POST', '/faults', { rule: 'boom' })).body.code).toBe(
      'bad_request.bad_param.rule',
    );
    expect((await control(mock, 'POST', '/faults')).body.code).toBe('bad_request.bad_param.rule');
  });

  it('POST /rate-limit turns the limit on with a config and off with null; GET reads it back', async () => {
    const mock = createMockMonzo();
    const config = { limit: 1, windowMs: 60_000, retryAfterSeconds: 7 };
    expect(await control(mock, 'POST', '/rate-limit', config)).toEqual({
      status: 200,
      body: { rate_limit: config },
    });
    expect((await control(mock, 'GET', '/rate-limit')).body).toEqual({ rate_limit: config });
    await mock.fetch(`${IN_PROCESS}/ping/whoami`);
    const limited = await mock.fetch(`${IN_PROCESS}/ping/whoami`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');

    expect(await control(mock, 'POST', '/rate-limit', 'null')).toEqual({
      status: 200,
      body: { rate_limit: null },
    });
    expect((await mock.fetch(`${IN_PROCESS}/ping/whoami`)).status).toBe(401);
    await control(mock, 'POST', '/rate-limit', { config });
    expect((await control(mock, 'GET', '/rate-limit')).body).toEqual({ rate_limit: config });
    await control(mock, 'POST', '/rate-limit', { config: null });
    expect((await control(mock, 'GET', '/rate-limit')).body).toEqual({ rate_limit: null });

    const bad = await control(mock, 'POST', '/rate-limit', { limit: 0, windowMs: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad_request.bad_param.config');
  });

  it('GET /counters reports API traffic (not control calls); DELETE /counters zeroes them', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    await login(mock);
    await mock.fetch(`${IN_PROCESS}/ping/whoami`);
    await mock.fetch(`${IN_PROCESS}/no/such/route`);
    await control(mock, 'GET', '/time');
    const counters = await control(mock, 'GET', '/counters');
    expect(counters.body).toEqual({
      requests: { 'GET /': 1, 'POST /oauth2/token': 1, 'GET /ping/whoami': 1, 'GET /no/such/route': 1 },
      rateLimited: {},
      grants: { authorization_code: 1, refresh_token: 0 },
      webhookDeliveries: 0,
    });
    expect(await control(mock, 'DELETE', '/counters')).toEqual({ status: 200, body: {} });
    expect((await control(mock, 'GET', '/counters')).body).toEqual({
      requests: {},
      rateLimited: {},
      grants: { authorization_code: 0, refresh_token: 0 },
      webhookDeliveries: 0,
    });
  });

  it('GET /dataset gives the seeded user, accounts and pots', async () => {
    const mock = createMockMonzo({ seed: 9 });
    const dataset = await control(mock, 'GET', '/dataset');
    expect(dataset).toEqual({ status: 200, body: JSON.parse(JSON.stringify(mock.control.dataset())) });
  });

  it('POST /reset goes back to the seeded state: tokens, faults, limits and counters forgotten', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await login(mock);
    await control(mock, 'POST', '/faults', { path: '/accounts', status: 500 });
    await control(mock, 'POST', '/rate-limit', { limit: 100, windowMs: 1 });
    expect(await control(mock, 'POST', '/reset')).toEqual({ status: 200, body: {} });

    expect((await api(mock, access_token, '/ping/whoami')).status).toBe(401);
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
    expect((await control(mock, 'GET', '/rate-limit')).body.rate_limit).toBeNull();
    expect((await control(mock, 'GET', '/counters')).body.requests).toEqual({ 'GET /ping/whoami': 1 });
  });

  it('answers malformed JSON, a non-object body and a wrong method in Monzo’s error shape', async () => {
    const mock = createMockMonzo();
    expect(await control(mock, 'POST', '/time/advance', '{"ms":')).toEqual({
      status: 400,
      body: { code: 'bad_request.malformed_body', message: 'The body is not valid JSON', retryable: {} },
    });
    expect((await control(mock, 'POST', '/time/advance', '[1]')).body.code).toBe(
      'bad_request.malformed_body',
    );
    const wrong = await mock.fetch(`${IN_PROCESS}/_mock/reset`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });
});
