import { describe, expect, it } from 'vitest';
import { LATEST_TIME } from '../core/clock.js';
import { createMockMonzo, type MockMonzo, startMockServer } from '../index.js';
import { signIn } from '../sign-in.js';
import { IN_PROCESS } from './test-support.js';

/** A control call with a raw JSON body (so that `1e400` reaches the server as written): status and body. */
async function post(mock: MockMonzo, path: string, json: string) {
  const response = await mock.fetch(`${IN_PROCESS}/_mock${path}`, {
    method: 'POST',
    body: json,
    headers: { 'Content-Type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Whatever was refused, the emulator still answers the API and the control API as before. */
async function servesNormally(mock: MockMonzo, accessToken: string) {
  const headers = { Authorization: `Bearer ${accessToken}` };
  const account = mock.control.dataset().accounts[0]?.id ?? '';
  for (const path of ['/_mock/time', '/ping/whoami', '/accounts', `/transactions?account_id=${account}`]) {
    expect((await mock.fetch(`${IN_PROCESS}${path}`, { headers })).status, path).toBe(200);
  }
}

/** When the seeded data begins: the personal and the prepaid accounts' opening, whichever is first. */
async function dataBegins(mock: MockMonzo, accessToken: string): Promise<number> {
  const response = await mock.fetch(`${IN_PROCESS}/accounts`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const { accounts } = (await response.json()) as { accounts: Array<{ created: string }> };
  return Math.min(...accounts.map((account) => Date.parse(account.created)));
}

describe('the control API refuses times the emulator cannot represent', () => {
  it('POST /_mock/time/advance {"ms":1e20} is a 400 that gives the range; the clock stays and nothing answers 500', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await signIn(mock);
    const before = mock.control.now();
    const refused = await post(mock, '/time/advance', '{"ms":1e20}');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('bad_request.bad_param.ms');
    expect(refused.body.message).toMatch(
      /^ms must be a whole number of milliseconds from -\d+ to \d+, which keeps the emulator's clock from \d{4}-\d\d-\d\dT[\d:.]+Z \(when the seeded data begins\) to 9999-01-01T00:00:00.000Z; got 100000000000000000000$/,
    );
    expect(mock.control.now() - before).toBeLessThan(60_000);
    await servesNormally(mock, access_token);
  });

  it('refuses, over HTTP, every move past the ends, before the data or not a whole number, and serves on', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await signIn(mock);
    const begins = await dataBegins(mock, access_token);
    const refusals: Array<[string, string, string]> = [
      ['/time/advance', '{"ms":1e400}', 'ms'],
      ['/time/advance', '{"ms":-1e20}', 'ms'],
      ['/time/advance', '{"ms":8.64e15}', 'ms'],
      ['/time/advance', '{"ms":1.5}', 'ms'],
      ['/time/advance', '{"ms":"1h"}', 'ms'],
      ['/time/advance', '{"ms":null}', 'ms'],
      ['/time/advance', `{"ms":${begins - mock.control.now() - 86_400_000}}`, 'ms'],
      ['/time', '{"now":8.64e15}', 'now'],
      ['/time', '{"now":-8.64e15}', 'now'],
      ['/time', '{"now":0}', 'now'],
      ['/time', `{"now":${begins - 1}}`, 'now'],
      ['/time', `{"now":${LATEST_TIME + 1}}`, 'now'],
      ['/time', '{"now":1.5e12}', 'now'],
      ['/time', '{"now":1700000000000.5}', 'now'],
      ['/time', '{"now":"+275760-09-13T00:00:00Z"}', 'now'],
      ['/time', '{"now":"10000-01-01T00:00:00Z"}', 'now'],
      // Date.parse reads these as 2001-02-01 and 1970: not RFC 3339.
      ['/time', '{"now":"2"}', 'now'],
      ['/time', '{"now":"Thu, 01 Jan 2026 00:00:00 GMT"}', 'now'],
      ['/time', '{"now":true}', 'now'],
    ];
    for (const [path, body, field] of refusals) {
      const before = mock.control.now();
      const answer = await post(mock, path, body);
      expect(answer, `${path} ${body}`).toMatchObject({
        status: 400,
        body: { code: `bad_request.bad_param.${field}` },
      });
      expect(Math.abs(mock.control.now() - before), `${path} ${body}`).toBeLessThan(60_000);
    }
    await servesNormally(mock, access_token);
    // What is in range still goes: to the very start of the data, and to the last settable time.
    expect((await post(mock, '/time', `{"now":${begins}}`)).status).toBe(200);
    expect((await post(mock, '/time', '{"now":"9999-01-01T00:00:00.000Z"}')).body.iso).toMatch(
      /^9999-01-01T/,
    );
    expect((await post(mock, '/time', '{"now":"2030-06-01T12:00:00+01:00"}')).body.iso).toMatch(
      /^2030-06-01T11:00:0/,
    );
  });

  it('in process: a RangeError (TypeError for a non-number) giving the range, and the clock does not move', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const { access_token } = await signIn(mock);
    const begins = await dataBegins(mock, access_token);
    const before = mock.control.now();
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e20, -1e20, 0.5]) {
      expect(() => mock.control.advanceTime(ms), String(ms)).toThrow(
        new RegExp(
          `^ms must be a whole number of milliseconds from -\\d+ to \\d+, which keeps .* got ${ms}$`,
        ),
      );
    }
    expect(() => mock.control.advanceTime('60000' as unknown as number)).toThrow(TypeError);
    for (const time of [Number.NaN, 8.64e15, 0, begins - 1, LATEST_TIME + 1, 1.5]) {
      expect(() => mock.control.setTime(time), String(time)).toThrow(RangeError);
    }
    expect(() => mock.control.setTime(0)).toThrow(
      `from ${new Date(begins).toISOString()} (when the seeded data begins) to 9999-01-01T00:00:00.000Z; got 0`,
    );
    expect(mock.control.now() - before).toBeLessThan(60_000);
    await servesNormally(mock, access_token);
    // After a reset the seeded data (and so the earliest time) is the same.
    mock.control.reset();
    expect(() => mock.control.setTime(begins - 1)).toThrow(RangeError);
  });

  it('settle `at` takes RFC 3339 only, not whatever Date.parse reads', async () => {
    const mock = createMockMonzo();
    const made = mock.control.createTransaction({ amount: -1_000 });
    mock.control.advanceTime(60_000);
    // A time within range, in a form Date.parse reads but Monzo never writes.
    const loose = JSON.stringify(new Date(mock.control.now() - 10_000).toUTCString());
    for (const at of [loose, '"2"', '1.5', '1e400']) {
      const answer = await post(mock, `/transactions/${made.id}/settle`, `{"at":${at}}`);
      expect(answer, at).toMatchObject({ status: 400, body: { code: 'bad_request.bad_param.at' } });
    }
    expect((await post(mock, `/transactions/${made.id}/settle`, '{}')).status).toBe(200);
  });
});

describe('the emulator refuses options it cannot honour, saying the range', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'now: NaN',
      { now: Number.NaN },
      /^now must be a whole number from 0010-01-01T00:00:00.000Z to 9999-01-01/,
    ],
    ['now: 1e20', { now: 1e20 }, /^now must be a whole number from /],
    ['now: 1.5', { now: 1.5 }, /^now must be a whole number from /],
    [
      'transactions: -1',
      { transactions: -1 },
      /^transactions must be a whole number from 0 to 100000000, got -1$/,
    ],
    ['transactions: NaN', { transactions: Number.NaN }, /^transactions must be a whole number from 0 to /],
    ['transactions: 2.5', { transactions: 2.5 }, /^transactions must be a whole number from 0 to /],
    [
      'tokenTtlSeconds: 0',
      { tokenTtlSeconds: 0 },
      /^tokenTtlSeconds must be a whole number from 1 to 315360000/,
    ],
    ['tokenTtlSeconds: Infinity', { tokenTtlSeconds: Number.POSITIVE_INFINITY }, /^tokenTtlSeconds must/],
    ['seed: 1.5', { seed: 1.5 }, /^seed must be a whole number from -2147483648 to 4294967295, got 1.5$/],
    [
      'webhookRetryDelaysMs: [-1]',
      { webhookRetryDelaysMs: [-1] },
      /^each of webhookRetryDelaysMs must be .* to 2147483647/,
    ],
    [
      'webhookRetryDelaysMs: [Infinity]',
      { webhookRetryDelaysMs: [Number.POSITIVE_INFINITY] },
      /^each of webhook/,
    ],
  ];
  for (const [name, options, message] of cases) {
    it(`${name}: a RangeError in process and from startMockServer`, async () => {
      expect(() => createMockMonzo(options)).toThrow(RangeError);
      expect(() => createMockMonzo(options)).toThrow(message);
      await expect(startMockServer(options)).rejects.toThrow(message);
    });
  }

  it('a type that is not a number is a TypeError', () => {
    expect(() => createMockMonzo({ transactions: '5' as unknown as number })).toThrow(
      new TypeError('transactions must be a number, got string'),
    );
  });
});
