import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../mock/src/index.js';
import { MonzoClient } from '../src/index.js';
import {
  createWebhookHandler,
  toNodeListener,
  type WebhookEvent,
  type WebhookHandlerOptions,
  type WebhookLogEvent,
} from '../src/webhooks/index.js';

// The emulator delivers over real sockets to a node:http server running the SDK's handler, whose secret has
// the `+`, `/` and `=` that `openssl rand -base64` prints: every delivery must get through on its first attempt,
// however the registered URL writes the secret.

const BASE64_SECRET = 'q+Z/3kP9w+Vb7Tn1/xYr2A==';

let mock: MockServer;
let monzo: MonzoClient;
let account: string;
const servers: Server[] = [];

beforeAll(async () => {
  mock = await startMockServer({ transactions: 1, webhookRetryDelaysMs: [5] });
  monzo = new MonzoClient({
    apiUrl: mock.url,
    tokens: await signIn(mock),
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
  });
  account = (await monzo.accounts.findByType('uk_retail'))?.id ?? '';
});

afterEach(async () => {
  for (const webhook of await monzo.webhooks.list(account)) await monzo.webhooks.delete(webhook.id);
  mock.control.resetCounters();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

afterAll(async () => {
  await mock.close();
});

async function startReceiver(secret: string, onEvent: WebhookHandlerOptions['onEvent'] = () => {}) {
  const events: WebhookEvent[] = [];
  const logged: Array<{ message: string; event: WebhookLogEvent }> = [];
  const record = (message: string, event: WebhookLogEvent) => logged.push({ message, event });
  const handler = createWebhookHandler({
    secret,
    onEvent: async (event, delivery) => {
      await onEvent(event, delivery);
      events.push(event);
    },
    logger: { warn: record, debug: record },
  });
  const server = createServer(toNodeListener(handler));
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, events, logged, statuses: () => logged.map((line) => line.event.status) };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

/** The registered URL, with the secret written as is, or encoded as `URLSearchParams` writes it. */
const WRITINGS: Array<[string, (origin: string) => string]> = [
  ['written as is (`?secret=` + secret)', (origin) => `${origin}/monzo?secret=${BASE64_SECRET}`],
  [
    'percent-encoded by URLSearchParams',
    (origin) => {
      const url = new URL('/monzo', origin);
      url.searchParams.set('secret', BASE64_SECRET);
      return url.href;
    },
  ],
  ['percent-encoded whole', (origin) => `${origin}/monzo?secret=${encodeURIComponent(BASE64_SECRET)}`],
];

describe('a webhook secret with + / = (openssl rand -base64)', () => {
  it.each(WRITINGS)('is accepted on the first attempt when %s', async (_, urlFor) => {
    const receiver = await startReceiver(BASE64_SECRET);
    await monzo.webhooks.create({ account_id: account, url: urlFor(receiver.origin) });
    const tx = mock.control.createTransaction({ account_id: account, amount: -420 });
    await until(() => expect(receiver.events).toHaveLength(1));
    expect(receiver.events[0]?.data).toMatchObject({ id: tx.id });
    expect(receiver.statuses()).toEqual([200]);
    expect(mock.control.counters().webhookDeliveries).toBe(1);
  });

  it('still refuses the secret with its + read as a space, and a wrong secret', async () => {
    const receiver = await startReceiver(BASE64_SECRET);
    const spaced = encodeURIComponent(BASE64_SECRET.replaceAll('+', ' '));
    for (const url of [`${receiver.origin}/monzo?secret=${spaced}`, `${receiver.origin}/monzo?secret=x`]) {
      const response = await fetch(url, { method: 'POST', body: '{}' });
      expect(response.status).toBe(403);
    }
    expect(receiver.events).toEqual([]);
  });
});

describe('the log line of an onEvent that throws', () => {
  it('masks the webhook secret, a bearer token and a URL password the error quotes', async () => {
    const token = 'at_APP_TOKEN_0123456789abcdef';
    const receiver = await startReceiver(BASE64_SECRET, (_, delivery) => {
      throw new Error(
        `forwarding to https://app:hunter2pw@internal.example/x?secret=${encodeURIComponent(BASE64_SECRET)} ` +
          `failed with Authorization: Bearer ${token}; secret was ${BASE64_SECRET} (${delivery.dedupeKey})`,
      );
    });
    await monzo.webhooks.create({
      account_id: account,
      url: (WRITINGS[1] as (typeof WRITINGS)[number])[1](receiver.origin),
    });
    mock.control.createTransaction({ account_id: account, amount: -420 });
    await until(() => expect(receiver.statuses()).toContain(500));
    const failed = receiver.logged.find((line) => line.event.status === 500);
    const text = JSON.stringify(failed);
    expect(text).toContain('forwarding to');
    for (const leak of [BASE64_SECRET, encodeURIComponent(BASE64_SECRET), token, 'hunter2pw']) {
      expect(text).not.toContain(leak);
    }
  });
});
