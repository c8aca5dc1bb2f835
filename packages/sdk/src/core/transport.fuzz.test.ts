import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../test/support/fuzz.js';
import { answersFor, type FuzzAnswer, hugeAnswers } from '../../test/support/fuzz-answers.js';
import { exchangeCode } from '../auth/oauth.js';
import { isTokenSet } from '../auth/token-set.js';
import { MonzoClient } from '../client.js';
import { MonzoAbortError, MonzoError, MonzoTimeoutError } from './errors.js';

/**
 * Every response parser that meets the outside world, fuzzed over a real socket: whatever a server (or a proxy
 * in front of it) answers, each call resolves to a value or rejects with a `MonzoError`, never a bare
 * `TypeError` or `SyntaxError`, never a hang; and a well-formed body with unknown fields and enum values comes
 * back whole.
 */

let answer: FuzzAnswer = { status: 200, contentType: undefined, body: '{}', cutShort: false };
let requests = 0;

const server = createServer((request, response) => {
  requests++;
  request.resume();
  request.on('end', () => {
    const { status, contentType, body, cutShort } = answer;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    if (cutShort) {
      // Written on the socket itself: ten bytes fewer than declared, then the end of the connection.
      const type = contentType ? `Content-Type: ${contentType}\r\n` : '';
      const head = `HTTP/1.1 ${status} Fuzz\r\n${type}Content-Length: ${bytes.byteLength + 10}\r\nConnection: close\r\n\r\n`;
      response.socket?.end(Buffer.concat([Buffer.from(head), bytes]));
      return;
    }
    // A fresh connection each time: a 101 leaves a kept-alive one unusable for the next case.
    const headers: Record<string, string | number> = { Connection: 'close' };
    if (contentType) headers['Content-Type'] = contentType;
    response.writeHead(status, headers);
    response.end(bytes);
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Only the fuzz server: an upload URL in a fuzzed body must never send anything anywhere else. */
const loopbackOnly: typeof fetch = (input, init) => {
  const target = new URL(input instanceof Request ? input.url : String(input));
  if (target.origin !== url) return Promise.reject(new TypeError(`fuzz: refused to reach ${target.origin}`));
  return fetch(input, init);
};

function client(): MonzoClient {
  return new MonzoClient({
    apiUrl: url,
    accessToken: 'fuzz-token',
    fetch: loopbackOnly,
    maxRetries: 0,
    timeoutMs: 2_000,
  });
}

interface Endpoint {
  fixture: string;
  call: (monzo: MonzoClient, signal: AbortSignal) => Promise<unknown>;
  /** The part of a well-formed body the call returns; absent when it returns nothing. */
  result?: (body: Record<string, unknown>) => unknown;
  /** Makes several requests that expect different bodies, so even a well-formed answer may be refused. */
  severalRequests?: true;
}

const ACC = 'acc_00009237aqC8c5umZmrRdh';

const ENDPOINTS: Record<string, Endpoint> = {
  whoami: { fixture: 'whoami.response.json', call: (m, signal) => m.whoami({ signal }), result: (b) => b },
  'accounts.list': {
    fixture: 'accounts-list.observed.response.json',
    call: (m, signal) => m.accounts.list({}, { signal }),
    result: (b) => b.accounts,
  },
  'accounts.findByType': {
    fixture: 'accounts-list.observed.response.json',
    call: (m, signal) => m.accounts.findByType('uk_retail', { signal }),
  },
  'balance.get': {
    fixture: 'balance.observed.response.json',
    call: (m, signal) => m.balance.get(ACC, { signal }),
    result: (b) => b,
  },
  'pots.list': {
    fixture: 'pots-list.observed.response.json',
    call: (m, signal) => m.pots.list(ACC, { signal }),
    result: (b) => b.pots,
  },
  'pots.deposit': {
    fixture: 'pot-deposit.response.json',
    call: (m, signal) => m.pots.deposit('pot_1', { source_account_id: ACC, amount: 100 }, { signal }),
    result: (b) => b,
  },
  'pots.withdraw': {
    fixture: 'pot-withdraw.response.json',
    call: (m, signal) => m.pots.withdraw('pot_1', { destination_account_id: ACC, amount: 100 }, { signal }),
    result: (b) => b,
  },
  'transactions.get': {
    fixture: 'transaction-get-expanded.observed.response.json',
    call: (m, signal) => m.transactions.get('tx_1', { expand: ['merchant'] }, { signal }),
    result: (b) => b.transaction,
  },
  'transactions.list': {
    fixture: 'transactions-list.observed.response.json',
    call: (m, signal) => m.transactions.list({ account_id: ACC }, { signal }),
    result: (b) => b.transactions,
  },
  'transactions.iterate': {
    fixture: 'transactions-list.observed.response.json',
    call: async (m, signal) => {
      const seen: unknown[] = [];
      // One page: the fuzz server gives the same answer whatever `since` says, and a second full page that
      // brings nothing new is rightly a MonzoPaginationError (see transactions-stall.loopback.test.ts).
      for await (const tx of m.transactions.iterate({ account_id: ACC, limit: 100 }, { signal }))
        seen.push(tx);
      return seen;
    },
  },
  'transactions.annotate': {
    fixture: 'transaction-annotate.response.json',
    call: (m, signal) => m.transactions.annotate('tx_1', { foo: 'bar' }, { signal }),
    result: (b) => b.transaction,
  },
  'feed.create': {
    fixture: 'feed-create.response.json',
    call: (m, signal) =>
      m.feed.create(
        { account_id: ACC, params: { title: 'Hi', image_url: 'https://x.test/i.png' } },
        { signal },
      ),
  },
  'attachments.upload': {
    fixture: 'attachment-upload.response.json',
    call: (m, signal) =>
      m.attachments.upload({ file_name: 'a.png', file_type: 'image/png', content_length: 3 }, { signal }),
    result: (b) => b,
  },
  'attachments.uploadFile': {
    fixture: 'attachment-upload.response.json',
    call: (m, signal) =>
      m.attachments.uploadFile(
        {
          transaction_id: 'tx_1',
          file_name: 'a.png',
          file_type: 'image/png',
          data: new Uint8Array([1, 2, 3]),
        },
        { signal },
      ),
    severalRequests: true,
  },
  'attachments.register': {
    fixture: 'attachment-register.response.json',
    call: (m, signal) =>
      m.attachments.register(
        { external_id: 'tx_1', file_url: 'https://x.test/a.png', file_type: 'image/png' },
        { signal },
      ),
    result: (b) => b.attachment,
  },
  'attachments.deregister': {
    fixture: 'attachment-deregister.response.json',
    call: (m, signal) => m.attachments.deregister('attach_1', { signal }),
  },
  'receipts.get': {
    fixture: 'receipt-get.observed.response.json',
    call: (m, signal) => m.receipts.get('receipt-1', { signal }),
    result: (b) => b.receipt,
  },
  'receipts.create': {
    fixture: 'receipt-create.response.json',
    call: (m, signal) =>
      m.receipts.create(
        {
          transaction_id: 'tx_1',
          external_id: 'r1',
          total: 100,
          currency: 'GBP',
          items: [{ description: 'x', amount: 100, currency: 'GBP', quantity: 1, unit: '' }],
        },
        { signal },
      ),
  },
  'receipts.delete': {
    fixture: 'receipt-delete.response.json',
    call: (m, signal) => m.receipts.delete('r1', { signal }),
  },
  'webhooks.create': {
    fixture: 'webhook-create.response.json',
    call: (m, signal) => m.webhooks.create({ account_id: ACC, url: 'https://x.test/hook' }, { signal }),
    result: (b) => b.webhook,
  },
  'webhooks.list': {
    fixture: 'webhooks-list.response.json',
    call: (m, signal) => m.webhooks.list(ACC, { signal }),
    result: (b) => b.webhooks,
  },
  'webhooks.delete': {
    fixture: 'webhook-delete.response.json',
    call: (m, signal) => m.webhooks.delete('webhook_1', { signal }),
  },
  logout: { fixture: 'feed-create.response.json', call: (m, signal) => m.logout({ signal }) },
  exchangeCode: {
    fixture: 'oauth-token.response.json',
    call: async (_m, signal) => {
      const tokens = await exchangeCode({
        apiUrl: url,
        fetch: loopbackOnly,
        maxRetries: 0,
        timeoutMs: 2_000,
        signal,
        clientId: 'oauth2client_1',
        clientSecret: 'secret',
        code: 'code',
        state: 'state',
        expectedState: 'state',
        redirectUri: 'http://127.0.0.1/callback',
      });
      // What a login hands out must be storable: a token store refuses anything else on the next read.
      if (!isTokenSet(JSON.parse(JSON.stringify(tokens))))
        throw new Error(`not a storable TokenSet: ${JSON.stringify(tokens)}`);
      return tokens;
    },
  },
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs one call against `served`; a call still running after 5 s counts as a hang. */
async function outcomeOf(endpoint: Endpoint, served: FuzzAnswer): Promise<Outcome> {
  answer = served;
  requests = 0;
  const signal = AbortSignal.timeout(5_000);
  return endpoint.call(client(), signal).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 300)}` : String(error);
}

/** Whether `served` got the answer the SDK owes it from `endpoint`; throws what went wrong. */
async function check(endpoint: Endpoint, served: FuzzAnswer): Promise<void> {
  const outcome = await outcomeOf(endpoint, served);
  if (!outcome.ok) {
    const { error } = outcome;
    if (!(error instanceof MonzoError)) throw new Error(`rejected with ${describeError(error)}`);
    // Node's fetch asks again on a new connection after a 421 (as the Fetch standard says), and then
    // never ends a body cut short: the SDK's own timeout is what ends the call, as it should.
    const undici421 = error instanceof MonzoTimeoutError && served.status === 421;
    // The fuzz server answers at once: waiting out a timeout, or the 5 s guard, is a hang.
    if (error instanceof MonzoAbortError || (error instanceof MonzoTimeoutError && !undici421)) {
      throw new Error(`hung after ${requests} requests: ${describeError(error)}`);
    }
  }
  if ('kind' in served && !endpoint.severalRequests) {
    if (!outcome.ok) throw new Error(`refused a well-formed body: ${describeError(outcome.error)}`);
    const body = JSON.parse(served.body as string) as Record<string, unknown>;
    if (endpoint.result) expect(outcome.value).toEqual(endpoint.result(body));
  }
}

const RUNS = 120;

describe('every SDK call, whatever the server answers', () => {
  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    it(
      `${name} resolves to a value or rejects with a MonzoError, and returns unknown fields and enum values whole`,
      async () => {
        await fc.assert(
          fc.asyncProperty(answersFor(endpoint.fixture), (served) => check(endpoint, served)),
          fuzz(RUNS),
        );
        for (const served of hugeAnswers(endpoint.fixture)) {
          await check(endpoint, served).catch((error: Error) => {
            throw new Error(`a body of ${served.body.length} bytes: ${error.message}`);
          });
        }
      },
      fuzzTimeout(RUNS, 40),
    );
  }
});
