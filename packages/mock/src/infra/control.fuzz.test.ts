import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../../sdk/test/support/fuzz.js';
import { createMockMonzo, type MockServer, startMockServer } from '../index.js';
import { type SignInTarget, signIn } from '../sign-in.js';
import { IN_PROCESS } from './test-support.js';

/**
 * The control API, fuzzed: whatever times, numbers and strings a test steers the emulator with, in process or
 * over HTTP, each call either works or is refused (a 4xx; a RangeError or TypeError in process), and every
 * request after it is answered as before: never a 500. Over a real socket for part of the cases.
 */

const DAY = 86_400_000;
const LAST_SETTABLE = Date.parse('9999-01-01T00:00:00.000Z');

const number = fc.oneof(
  { weight: 3, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer({ min: -400 * DAY, max: 400 * DAY }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      1e20,
      -1e20,
      8.64e15,
      -8.64e15,
      8.64e15 + 1,
      2 ** 53,
      Number.MAX_VALUE,
      LAST_SETTABLE,
      LAST_SETTABLE + 1,
      0,
      -0,
      1.5,
      60_000,
      -DAY,
      -10 * 365 * DAY,
    ),
  },
);

/** A value as written in a JSON body: numbers JSON cannot carry (`1e400` parses as Infinity), strings, null. */
const jsonValue = fc.oneof(
  { weight: 4, arbitrary: number.map((value) => (Number.isFinite(value) ? String(value) : 'null')) },
  { weight: 1, arbitrary: fc.constantFrom('1e400', '-1e400', '1E3', '-0', 'null', 'true', '[]', '{}') },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        fc.constantFrom(
          '+275760-09-13T00:00:00.000Z',
          '10000-01-01T00:00:00Z',
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59.999Z',
          '2030-01-01T00:00:00+14:00',
          '2',
          'soon',
          '',
        ),
        fc.string({ maxLength: 8 }),
      )
      .map((text) => JSON.stringify(text)),
  },
);

const operation = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), value: jsonValue }),
  fc.record({ kind: fc.constant('set' as const), value: jsonValue }),
  fc.record({ kind: fc.constant('advanceTime' as const), value: number }),
  fc.record({ kind: fc.constant('setTime' as const), value: number }),
  fc.record({ kind: fc.constant('settle' as const), at: jsonValue, amount: jsonValue }),
  fc.record({ kind: fc.constant('create' as const), amount: jsonValue }),
  fc.record({ kind: fc.constant('rate-limit' as const), limit: jsonValue, windowMs: jsonValue }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** A way to reach the emulator: `mock.fetch` in process, or `fetch` over the socket. */
type Send = (path: string, init?: RequestInit) => Promise<Response>;

async function apply(mock: SignInTarget, send: Send, op: Operation): Promise<void> {
  const postJson = async (path: string, body: string) => {
    const response = await send(`/_mock${path}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    await response.arrayBuffer();
    expect(response.status, `POST /_mock${path} ${body}`).toBeLessThan(500);
  };
  const inProcess = (call: () => void) => {
    try {
      call();
    } catch (error) {
      // Refused, with a typed error: the range is in its message.
      expect(error instanceof RangeError || error instanceof TypeError, String(error)).toBe(true);
    }
  };
  switch (op.kind) {
    case 'advance':
      return postJson('/time/advance', `{"ms":${op.value}}`);
    case 'set':
      return postJson('/time', `{"now":${op.value}}`);
    case 'advanceTime':
      return inProcess(() => mock.control.advanceTime(op.value));
    case 'setTime':
      return inProcess(() => mock.control.setTime(op.value));
    case 'settle': {
      const made = mock.control.createTransaction({ amount: -500 });
      return postJson(`/transactions/${made.id}/settle`, `{"at":${op.at},"amount":${op.amount}}`);
    }
    case 'create':
      return postJson('/transactions', `{"amount":${op.amount}}`);
    case 'rate-limit':
      return postJson('/rate-limit', `{"limit":${op.limit},"windowMs":${op.windowMs}}`);
  }
}

/** Every kind of request, after the operations: none may answer 500. */
async function probe(
  mock: SignInTarget,
  send: Send,
  tokens: { access_token: string; refresh_token?: string },
) {
  const data = mock.control.dataset();
  const account = data.accounts.find((item) => !item.closed)?.id ?? '';
  const pot = data.pots.find((item) => item.current_account_id === account && !item.deleted)?.id ?? '';
  const auth = { Authorization: `Bearer ${tokens.access_token}` };
  const form = { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' };
  const made = mock.control.createTransaction({ amount: -250 });
  const requests: Array<[string, RequestInit]> = [
    ['/_mock/time', {}],
    ['/_mock/counters', {}],
    ['/_mock/dataset', {}],
    ['/ping/whoami', { headers: auth }],
    ['/accounts', { headers: auth }],
    [`/balance?account_id=${account}`, { headers: auth }],
    [`/pots?current_account_id=${account}`, { headers: auth }],
    [`/transactions?account_id=${account}&expand[]=merchant`, { headers: auth }],
    [`/transactions/${made.id}`, { headers: auth }],
    [
      `/pots/${pot}/deposit`,
      { method: 'PUT', headers: form, body: `source_account_id=${account}&amount=1&dedupe_id=fuzz` },
    ],
    ['/_mock/transactions', { method: 'POST', body: '{"amount":-1}' }],
    [`/_mock/transactions/${made.id}/settle`, { method: 'POST', body: '{}' }],
    [
      '/oauth2/token',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: mock.clientId,
          client_secret: mock.clientSecret,
          refresh_token: tokens.refresh_token ?? '',
        }).toString(),
      },
    ],
  ];
  for (const [path, init] of requests) {
    const response = await send(path, init);
    await response.arrayBuffer();
    expect(response.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(500);
  }
}

/** The property over one emulator: reset, sign in, steer it with the operations, then probe it. */
async function property(mock: SignInTarget, send: Send, operations: Operation[]) {
  mock.control.reset();
  const tokens = await signIn(mock);
  for (const op of operations) await apply(mock, send, op);
  await probe(mock, send, tokens);
}

describe('the control API, fuzzed', () => {
  const IN_PROCESS_RUNS = 150;
  it(
    'in process: no time, number or string leads to a later 500',
    async () => {
      const mock = createMockMonzo({ autoApprove: true, transactions: 20 });
      const send: Send = (path, init) => mock.fetch(`${IN_PROCESS}${path}`, init);
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 6 }), (operations) =>
          property(mock, send, operations),
        ),
        fuzz(IN_PROCESS_RUNS),
      );
    },
    fuzzTimeout(IN_PROCESS_RUNS, 100),
  );

  describe('over a real socket', () => {
    let server: MockServer;
    beforeAll(async () => {
      server = await startMockServer({ autoApprove: true, transactions: 20 });
    });
    afterAll(() => server.close());

    const SOCKET_RUNS = 40;
    it(
      'through /_mock routes: no time, number or string leads to a later 500',
      async () => {
        const send: Send = (path, init) => fetch(`${server.url}${path}`, init);
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 6 }), (operations) =>
            property(server, send, operations),
          ),
          fuzz(SOCKET_RUNS),
        );
      },
      fuzzTimeout(SOCKET_RUNS, 300),
    );
  });
});
