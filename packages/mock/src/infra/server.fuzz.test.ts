import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../../sdk/test/support/fuzz.js';
import { chunked, exchange, firstResponse } from '../../../sdk/test/support/raw-exchange.js';
import type { DatasetSummary } from '../bank/bank-types.js';
import { type MockServer, startMockServer } from '../index.js';
import { signIn } from '../sign-in.js';

/**
 * The emulator's request parsing, fuzzed over a real socket: whatever method, target, headers and body a client
 * sends (forms, JSON, garbage, lies about lengths, oversized parts), it answers with a well-formed HTTP
 * response, a 4xx in Monzo's error shape for bad input and never a 500, never hangs, and serves the next request.
 */

let mock: MockServer;
let port: number;
let token = '';
let data: DatasetSummary;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  // A webhook a fuzzed request registers must never make the emulator reach past this machine.
  globalThis.fetch = (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    if (target.hostname !== '127.0.0.1')
      return Promise.reject(new TypeError(`fuzz: refused ${target.origin}`));
    return realFetch(input, init);
  };
  mock = await startMockServer({ transactions: 20 });
  port = Number(new URL(mock.url).port);
  token = (await signIn(mock)).access_token;
  data = mock.control.dataset();
});

afterAll(async () => {
  // A connection the server left open would hold close() up for ever.
  const hung = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('close() hung: a connection stayed open')), 5_000),
  );
  await Promise.race([mock.close(), hung]);
  globalThis.fetch = realFetch;
});

const ROUTES: Array<[string, string]> = [
  ['GET', '/ping/whoami'],
  ['POST', '/oauth2/logout'],
  ['POST', '/oauth2/token'],
  ['GET', '/'],
  ['POST', '/'],
  ['GET', '/accounts'],
  ['GET', '/balance'],
  ['GET', '/pots'],
  ['PUT', '/pots/{pot}/deposit'],
  ['PUT', '/pots/{pot}/withdraw'],
  ['GET', '/transactions'],
  ['GET', '/transactions/{tx}'],
  ['PATCH', '/transactions/{tx}'],
  ['POST', '/feed'],
  ['POST', '/attachment/upload'],
  ['POST', '/attachment/register'],
  ['POST', '/attachment/deregister'],
  ['PUT', '/_uploads/{id}'],
  ['GET', '/_files/{id}/{id}'],
  ['PUT', '/transaction-receipts'],
  ['GET', '/transaction-receipts'],
  ['DELETE', '/transaction-receipts'],
  ['POST', '/webhooks'],
  ['GET', '/webhooks'],
  ['DELETE', '/webhooks/{id}'],
  ['POST', '/_mock/approve'],
  ['POST', '/_mock/transactions'],
  ['POST', '/_mock/transactions/{tx}/settle'],
  ['GET', '/_mock/counters'],
];

const FIELDS = [
  'account_id',
  'current_account_id',
  'source_account_id',
  'destination_account_id',
  'amount',
  'dedupe_id',
  'url',
  'type',
  'params[title]',
  'params[image_url]',
  'params[background_color]',
  'metadata[notes]',
  'metadata[x]',
  'file_name',
  'file_type',
  'file_url',
  'content_length',
  'external_id',
  'id',
  'grant_type',
  'client_id',
  'client_secret',
  'redirect_uri',
  'code',
  'state',
  'decision',
  'response_type',
  'since',
  'before',
  'limit',
  'expand[]',
];

const value = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '1',
      '-1',
      '0',
      '1.5',
      '1e3',
      '99999999999999999999',
      'NaN',
      'authorization_code',
      'refresh_token',
      'allow',
      'merchant',
      '2026-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '#FF0000',
      'http://127.0.0.1:1/hook',
      'notaurl',
    ),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
);

/** A field, its name among the ones the routes read or random; a `url` is only ever a loopback one. */
const field = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    ),
    value,
  )
  .map(([name, text]): [string, string] => [
    name,
    name === 'url' && !/^http:\/\/127\.0\.0\.1:1\//.test(text) ? 'not a url' : text,
  ]);

function encodeForm(fields: Array<[string, string]>, raw: boolean): string {
  // Raw: as a sloppy client writes it, with bare brackets, spaces and bad escapes left in.
  return fields
    .map(([name, text]) =>
      raw ? `${name}=${text}` : `${encodeURIComponent(name)}=${encodeURIComponent(text)}`,
    )
    .join('&');
}

const pathParam = fc.oneof(
  { weight: 3, arbitrary: fc.constant('{known}') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'tx_00008zjky19HyFLAzlUk7t',
      '..',
      '.',
      '%2F',
      '%zz',
      '%',
      'a%00b',
      '%E2%82',
      '😀',
      'pot_1?x=1',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
);

const body = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.array(field, { maxLength: 6 }), fc.boolean())
      .map(([fields, raw]) => ({ type: 'form', text: encodeForm(fields, raw) })),
  },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json) => ({ type: 'json', text: JSON.stringify(json) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { type: 'json', text: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
      {
        type: 'json',
        text: `{"transaction_id":"x","external_id":"e","total":1,"currency":"GBP","items":[{"description":"d","amount":1,"currency":"GBP","quantity":1,"unit":"","tax":0,"sub_items":${'['.repeat(5_000)}${']'.repeat(5_000)}}]}`,
      },
      { type: 'form', text: `metadata%5Bx%5D=${'a'.repeat(1_100_000)}` },
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ maxLength: 100 })
      .map((bytes) => ({ type: 'bytes', text: Buffer.from(bytes).toString('latin1') })),
  },
);

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
];

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  method: fc.oneof(
    { weight: 10, arbitrary: fc.constant('route') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'GET',
        'POST',
        'PUT',
        'PATCH',
        'DELETE',
        'HEAD',
        'OPTIONS',
        'get',
        'TRACE',
        'CONNECT',
      ),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,8}$/) },
  ),
  params: fc.array(pathParam, { minLength: 2, maxLength: 2 }),
  query: fc.option(
    fc
      .tuple(fc.array(field, { maxLength: 5 }), fc.boolean())
      // Raw, but in printable ASCII without spaces: other bytes are not a request target node:http reads.
      .map(([fields, raw]) =>
        encodeForm(fields, raw).replace(/[^!-~]|#/gu, (char) => encodeURIComponent(char)),
      ),
    { nil: undefined },
  ),
  auth: fc.constantFrom('valid', 'valid', 'valid', 'none', 'garbage', 'bearer-only'),
  contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
  length: fc.oneof(
    { weight: 14, arbitrary: fc.constant('exact' as const) },
    { weight: 2, arbitrary: fc.constantFrom('none' as const, 'chunked' as const) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'shorter' as const,
        'longer' as const,
        'garbage' as const,
        'twice' as const,
        'negative' as const,
      ),
    },
  ),
  body,
  extraHeader: fc.option(
    fc.oneof(
      fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), fc.stringMatching(/^[ -~]{0,40}$/)),
      fc.constantFrom<[string, string]>(
        ['Expect', '100-continue'],
        ['Connection', 'Upgrade\r\nUpgrade: websocket'],
        ['Connection', 'close'],
        ['Accept-Encoding', 'gzip, br'],
        ['Host', 'evil.example'],
      ),
    ),
    { nil: undefined },
  ),
  hugeHeader: fc.oneof(
    { weight: 30, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
});

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function bytesOf(input: FuzzRequest, ids: string[]): { method: string; payload: Buffer } {
  const method = input.method === 'route' ? input.route[0] : input.method;
  let index = 0;
  const path = input.route[1].replace(/\{[a-z]+\}/g, () => {
    const param = input.params[index++ % 2] as string;
    return param === '{known}' ? (ids[index % ids.length] as string) : param;
  });
  const target = input.query === undefined ? path : `${path}?${input.query}`;
  const body = Buffer.from(input.body.text, 'latin1');
  const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
  if (input.auth === 'valid') lines.push(`Authorization: Bearer ${token}`);
  if (input.auth === 'garbage') lines.push('Authorization: Bearer not-a-token');
  if (input.auth === 'bearer-only') lines.push('Authorization: Bearer');
  if (input.contentType !== undefined) lines.push(`Content-Type: ${input.contentType}`);
  if (input.extraHeader) lines.push(`${input.extraHeader[0]}: ${input.extraHeader[1]}`);
  if (input.hugeHeader) lines.push(`X-Huge: ${'h'.repeat(20_000)}`);
  const length = {
    exact: [`Content-Length: ${body.length}`],
    none: [],
    chunked: ['Transfer-Encoding: chunked'],
    shorter: [`Content-Length: ${Math.max(0, body.length - 3)}`],
    longer: [`Content-Length: ${body.length + 5}`],
    garbage: ['Content-Length: 12abc'],
    twice: [`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`],
    negative: ['Content-Length: -1'],
  }[input.length];
  lines.push(...length);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const sent = input.length === 'chunked' ? chunked(body) : body;
  return { method: method.toUpperCase(), payload: Buffer.concat([head, sent]) };
}

/** The emulator still serves a logged-in client; after a fuzzed logout, a new login does. */
async function stillServing(): Promise<void> {
  let answer = await fetch(`${mock.url}/ping/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  if (answer.status === 401) {
    token = (await signIn(mock)).access_token;
    answer = await fetch(`${mock.url}/ping/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  }
  expect(answer.status).toBe(200);
}

const RUNS = 1000;

describe('the emulator over a socket, whatever it is sent', () => {
  it(
    'answers every request with a well-formed response, 4xx in Monzo’s shape for bad input, never a 500, and stays up',
    async () => {
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const ids = [...data.accounts.map((account) => account.id), ...data.pots.map((pot) => pot.id)];
          const { method, payload } = bytesOf(input, ids);
          const received = await exchange(port, payload);
          const response = firstResponse(received, method);
          if (!response) {
            // node:http itself drops a request that asks for an Upgrade and then ends before its declared body
            // (no clientError is raised, not even on a plain server): the one case with no answer to send.
            const upgrade = input.extraHeader?.[1].includes('Upgrade') === true;
            if (upgrade && input.length === 'longer' && received.length === 0) {
              await stillServing();
              return;
            }
            throw new Error(
              `no response at all: ${JSON.stringify(received.toString('latin1').slice(0, 200))}`,
            );
          }
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
          const type = response.headers.get('content-type') ?? '';
          if (type.startsWith('application/json') && method !== 'HEAD' && response.body.length > 0) {
            const parsed = JSON.parse(response.body.toString('utf8')) as {
              code?: unknown;
              message?: unknown;
            };
            if (response.status >= 400) {
              expect(typeof parsed.code).toBe('string');
              expect(typeof parsed.message).toBe('string');
            }
          }
          mock.control.clearFaults();
          mock.control.rateLimit();
          await stillServing();
        }),
        fuzz(RUNS),
      );
    },
    fuzzTimeout(RUNS, 30),
  );
});
