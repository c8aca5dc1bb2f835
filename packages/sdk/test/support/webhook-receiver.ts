import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type MockServer, signIn, startMockServer } from '../../../mock/src/index.js';
import { MonzoClient } from '../../src/index.js';
import {
  createWebhookHandler,
  toNodeListener,
  type WebhookEvent,
  type WebhookHandlerOptions,
  type WebhookLogEvent,
} from '../../src/webhooks/index.js';

/** The emulator, a signed-in client, and the personal account that webhooks are registered on. */
export interface WebhookWorld {
  mock: MockServer;
  monzo: MonzoClient;
  account: string;
}

const servers: Server[] = [];

/**
 * For a test file: an emulator whose failed deliveries are retried after milliseconds, filled in before the
 * tests; after each, its webhooks and counters are cleared and the receivers closed.
 */
export function useWebhookEmulator(transactions: number): WebhookWorld {
  const world = {} as WebhookWorld;
  beforeAll(async () => {
    world.mock = await startMockServer({ transactions, webhookRetryDelaysMs: [5] });
    world.monzo = new MonzoClient({
      apiUrl: world.mock.url,
      tokens: await signIn(world.mock),
      clientId: world.mock.clientId,
      clientSecret: world.mock.clientSecret,
    });
    world.account = (await world.monzo.accounts.findByType('uk_retail'))?.id ?? '';
  });
  afterEach(async () => {
    const { monzo, mock, account } = world;
    for (const webhook of await monzo.webhooks.list(account)) await monzo.webhooks.delete(webhook.id);
    mock.control.resetCounters();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  });
  afterAll(async () => {
    await world.mock.close();
  });
  return world;
}

/** A node:http server on a loopback port running the SDK's handler with `secret`; it records what it saw. */
export async function startWebhookReceiver(
  secret: string,
  onEvent: WebhookHandlerOptions['onEvent'] = () => {},
) {
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
