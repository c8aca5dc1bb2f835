import { MonzoResponseParseError, MonzoServerError } from 'monzo-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockMonzo, type MockMonzo } from '../index.js';
import { type FaultRule, Faults } from './faults.js';
import { IN_PROCESS, sdkClient } from './test-support.js';

const DEPOSIT = 'PUT /pots/:pot_id/deposit';

/** Which of `count` requests to `/balance` a fresh `Faults` with this seed and rule would fault. */
function pattern(seed: number, rule: FaultRule, count = 40): boolean[] {
  const faults = new Faults(seed);
  faults.add(rule);
  return Array.from({ length: count }, () => faults.take('GET', '/balance', 'GET /balance') !== undefined);
}

/** An open, unlocked pot of the personal account, and that account. */
function savingsPot(mock: MockMonzo): { potId: string; accountId: string } {
  const dataset = mock.control.dataset();
  const pot = dataset.pots.find((p) => !p.deleted && !p.locked);
  if (!pot) throw new Error('the dataset has no open pot');
  return { potId: pot.id, accountId: pot.current_account_id };
}

describe('Faults: which requests a rule matches', () => {
  const take = (rule: FaultRule, method: string, path: string, key: string) => {
    const faults = new Faults(1);
    faults.add(rule);
    return faults.take(method, path, key) !== undefined;
  };

  it('matches an exact path, ignoring a trailing slash, for any method unless one is given', () => {
    expect(take({ path: '/balance', status: 500 }, 'GET', '/balance/', 'GET /balance')).toBe(true);
    expect(take({ path: '/balance', status: 500 }, 'POST', '/balance', 'POST /balance')).toBe(true);
    expect(take({ path: '/balance', method: 'post', status: 500 }, 'GET', '/balance', 'GET /balance')).toBe(
      false,
    );
    expect(take({ path: '/balance', status: 500 }, 'GET', '/balances', 'GET /balances')).toBe(false);
  });

  it('matches a route key, or a route pattern alone, against the route that was matched', () => {
    const key = 'PUT /pots/:pot_id/deposit';
    expect(take({ path: key, status: 500 }, 'PUT', '/pots/pot_1/deposit', key)).toBe(true);
    expect(
      take({ path: key, status: 500 }, 'PUT', '/pots/pot_1/withdraw', 'PUT /pots/:pot_id/withdraw'),
    ).toBe(false);
    expect(take({ path: '/pots/:pot_id/deposit', status: 500 }, 'PUT', '/pots/x/deposit', key)).toBe(true);
  });

  it('matches a prefix ending in *', () => {
    expect(
      take({ path: '/pots/*', status: 500 }, 'PUT', '/pots/p/withdraw', 'PUT /pots/:pot_id/withdraw'),
    ).toBe(true);
    expect(take({ path: '/pots/*', status: 500 }, 'GET', '/pots', 'GET /pots')).toBe(false);
    expect(take({ path: '/pots*', status: 500 }, 'GET', '/pots', 'GET /pots')).toBe(true);
  });

  it('lets the first matching rule win, and removes a rule once its times are used', () => {
    const faults = new Faults(1);
    faults.add({ path: '/balance', times: 1, status: 503 });
    faults.add({ path: '/balance', status: 500 });
    const statuses = [1, 2, 3].map(() => faults.take('GET', '/balance', 'GET /balance')?.respond?.().status);
    expect(statuses).toEqual([503, 500, 500]);
    expect(faults.list()).toEqual([
      { id: 'fault_2', remaining: null, rule: { path: '/balance', status: 500 } },
    ]);
  });

  it('removes one rule by id, or all of them', () => {
    const faults = new Faults(1);
    const id = faults.add({ status: 500 });
    expect(faults.remove(id)).toBe(true);
    expect(faults.remove(id)).toBe(false);
    faults.add({ status: 500 });
    faults.clear();
    expect(faults.take('GET', '/balance', 'GET /balance')).toBeUndefined();
  });

  it('fires a probability rule on a fraction of requests, the same ones for the same seed', () => {
    const rule: FaultRule = { path: '/balance', probability: 0.3, status: 500 };
    const first = pattern(7, rule, 400);
    expect(pattern(7, rule, 400)).toEqual(first);
    expect(pattern(8, rule, 400)).not.toEqual(first);
    const fired = first.filter(Boolean).length;
    expect(fired).toBeGreaterThan(80);
    expect(fired).toBeLessThan(160);
    expect(pattern(7, { ...rule, probability: 0 })).not.toContain(true);
    expect(pattern(7, { ...rule, probability: 1 })).not.toContain(false);
  });

  it('counts times only for requests the probability let through', () => {
    const fired = pattern(3, { probability: 0.5, times: 4, status: 500 }, 100);
    expect(fired.filter(Boolean)).toHaveLength(4);
  });

  it.each<[string, unknown]>([
    ['not an object', 'boom'],
    ['no effect', { path: '/balance' }],
    ['an unknown field', { path: '/balance', statusCode: 500 }],
    ['a path without a slash', { path: 'balance', status: 500 }],
    ['times 0', { times: 0, status: 500 }],
    ['a probability above 1', { probability: 1.5, status: 500 }],
    ['a status below 200', { status: 101 }],
    ['a body without a status', { body: {}, latencyMs: 1 }],
    ['a reset that also answers', { reset: 'after', status: 500 }],
    ['an unknown reset', { reset: 'during' }],
    ['a bad header', { status: 500, headers: { 'Bad Name': 'x' } }],
  ])('refuses a rule with %s', (_name, rule) => {
    expect(() => new Faults(1).add(rule as FaultRule)).toThrow(TypeError);
  });
});

describe('faults injected into the emulator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a status with Monzo’s error shape by default, or the given body and headers', async () => {
    const mock = createMockMonzo();
    mock.control.fault({ path: '/balance', times: 1, status: 503 });
    mock.control.fault({
      path: '/pots',
      times: 1,
      status: 429,
      body: { code: 'custom' },
      headers: { 'Retry-After': '3' },
    });

    const failed = await mock.fetch(`${IN_PROCESS}/balance?account_id=acc_1`);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({
      code: 'internal_service',
      message: 'An internal error occurred',
      retryable: { value: true },
    });
    const limited = await mock.fetch(`${IN_PROCESS}/pots`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({ code: 'custom' });
    // Used up: the real route answers again (here: no token).
    expect((await mock.fetch(`${IN_PROCESS}/balance?account_id=acc_1`)).status).toBe(401);
  });

  it('sends a string body as text', async () => {
    const mock = createMockMonzo();
    mock.control.fault({ path: '/balance', status: 502, body: '<html>Bad gateway</html>' });
    const answer = await mock.fetch(`${IN_PROCESS}/balance`);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toBe('<html>Bad gateway</html>');
  });

  it('adds latency before the route runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const mock = createMockMonzo();
    mock.control.fault({ path: '/ping/whoami', latencyMs: 5_000 });
    let answered = false;
    const pending = mock.fetch(`${IN_PROCESS}/ping/whoami`).then((response) => {
      answered = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(401);
  });

  it('cuts the real answer in half with malformed, which the SDK reports as unreadable', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { monzo, headers } = await sdkClient(mock, IN_PROCESS, 0);
    const whole = await (await mock.fetch(`${IN_PROCESS}/accounts`, { headers })).text();
    mock.control.fault({ path: '/accounts', times: 1, malformed: true });
    const cut = await (await mock.fetch(`${IN_PROCESS}/accounts`, { headers })).text();
    expect(cut).toBe(whole.slice(0, Math.floor(whole.length / 2)));

    mock.control.fault({ path: '/accounts', times: 1, malformed: true });
    await expect(monzo.accounts.list()).rejects.toBeInstanceOf(MonzoResponseParseError);
  });

  it('cuts a canned body too when malformed comes with a status', async () => {
    const mock = createMockMonzo();
    mock.control.fault({ path: '/balance', status: 500, malformed: true });
    const text = await (await mock.fetch(`${IN_PROCESS}/balance`)).text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.startsWith('{"code":"internal_service"')).toBe(true);
  });

  it('with commit, runs the route and keeps its change, then answers the status in its place', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { monzo } = await sdkClient(mock, IN_PROCESS, 0);
    const { potId, accountId } = savingsPot(mock);
    const before = (await monzo.balance.get(accountId)).balance;
    mock.control.fault({ path: DEPOSIT, times: 1, status: 502, commit: true });
    const deposit = { source_account_id: accountId, amount: 100, dedupe_id: 'commit-502' };
    await expect(monzo.pots.deposit(potId, deposit)).rejects.toMatchObject({ status: 502 });
    expect((await monzo.balance.get(accountId)).balance).toBe(before - 100);
  });

  it('refuses commit without a status to answer with', () => {
    expect(() => new Faults(1).add({ path: DEPOSIT, commit: true })).toThrow(/commit needs a status/);
  });

  it('never faults the control API', async () => {
    const mock = createMockMonzo();
    mock.control.fault({ status: 500 });
    expect((await mock.fetch(`${IN_PROCESS}/_mock/time`)).status).toBe(200);
    expect((await mock.fetch(`${IN_PROCESS}/balance`)).status).toBe(500);
  });

  it('faults the same requests in two runs with the same seed', async () => {
    const run = async (seed: number) => {
      const mock = createMockMonzo({ seed });
      mock.control.fault({ path: '/ping/whoami', probability: 0.5, status: 500 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await mock.fetch(`${IN_PROCESS}/ping/whoami`)).status);
      return statuses;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(401);
  });

  it('resets before the route runs: nothing moves, and the fetch fails as a dropped connection does', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { potId, accountId } = savingsPot(mock);
    const { monzo, headers } = await sdkClient(mock, IN_PROCESS, 0);
    const before = (await monzo.balance.get(accountId)).balance;
    mock.control.fault({ path: DEPOSIT, times: 1, reset: 'before' });

    const error = await mock
      .fetch(`${IN_PROCESS}/pots/${potId}/deposit`, {
        method: 'PUT',
        headers,
        body: new URLSearchParams({ source_account_id: accountId, amount: '1000', dedupe_id: 'd-1' }),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect((await monzo.balance.get(accountId)).balance).toBe(before);
  });

  it('resets after the route committed: the money moved though the caller saw only a dropped connection', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { potId, accountId } = savingsPot(mock);
    const { monzo } = await sdkClient(mock, IN_PROCESS, 0);
    const before = (await monzo.balance.get(accountId)).balance;
    mock.control.fault({ path: DEPOSIT, times: 1, reset: 'after' });

    await expect(monzo.pots.deposit(potId, { source_account_id: accountId, amount: 1000 })).rejects.toThrow();
    expect((await monzo.balance.get(accountId)).balance).toBe(before - 1000);
  });

  it.each(['before', 'after'] as const)(
    'lets the SDK retry a deposit reset %s the commit with the same dedupe_id: the money moves once',
    async (reset) => {
      const mock = createMockMonzo({ autoApprove: true });
      const { potId, accountId } = savingsPot(mock);
      const { monzo } = await sdkClient(mock, IN_PROCESS, 2);
      const balance = (await monzo.balance.get(accountId)).balance;
      const pot = (await monzo.pots.list(accountId)).find((p) => p.id === potId);
      mock.control.resetCounters();
      mock.control.fault({ path: DEPOSIT, times: 1, reset });

      const after = await monzo.pots.deposit(potId, { source_account_id: accountId, amount: 1000 });
      expect(after.balance).toBe((pot?.balance ?? 0) + 1000);
      expect((await monzo.balance.get(accountId)).balance).toBe(balance - 1000);
      expect(mock.control.counters().requests[DEPOSIT]).toBe(2);
    },
  );

  it('lets the SDK retry a GET through a 503', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { monzo } = await sdkClient(mock, IN_PROCESS, 2);
    mock.control.fault({ path: '/accounts', times: 2, status: 503 });
    expect((await monzo.accounts.list()).length).toBeGreaterThan(0);

    mock.control.fault({ path: '/accounts', times: 3, status: 503 });
    await expect(monzo.accounts.list()).rejects.toBeInstanceOf(MonzoServerError);
  });
});
