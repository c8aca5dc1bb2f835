import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, toNodeListener, type WebhookEvent } from 'monzo-ts/webhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

/**
 * `monzo webhooks add` with a secret as `openssl rand -base64` prints it (`+`, `/`, `=`), written into the URL
 * as is: the emulator delivers to the SDK's handler over real sockets, and the first attempt gets through.
 */
describe('monzo webhooks add with a base64 secret', () => {
  const secret = 'q+Z/3kP9w+Vb7Tn1/xYr2A==';
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let receiver: Server;
  let origin: string;
  const events: WebhookEvent[] = [];
  const statuses: number[] = [];

  beforeAll(async () => {
    cli = await cliHarness({ transactions: 1, webhookRetryDelaysMs: [5] });
    await cli.loggedIn();
    const handler = createWebhookHandler({
      secret,
      onEvent: (event) => {
        events.push(event);
      },
      logger: {
        warn: (_, event) => statuses.push(event.status),
        debug: (_, event) => statuses.push(event.status),
      },
    });
    receiver = createServer(toNodeListener(handler));
    await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
    origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((closed) => receiver.close(closed));
    await cli.close();
  });

  it('is delivered on the first attempt, and the + is pointed out without the secret', async () => {
    const added = await cli.run(['webhooks', 'add', `${origin}/monzo?secret=${secret}`]);
    expect(added.code).toBe(0);
    expect(added.stderr).toMatch(/note: the query has a "\+".*openssl rand -hex 32/);
    expect(added.stdout + added.stderr).not.toContain(secret);
    const account = cli.mock.control.dataset().accounts.find((item) => item.type === 'uk_retail');
    cli.mock.control.createTransaction({ account_id: account?.id ?? '', amount: -250 });
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 5_000, interval: 5 });
    expect(statuses).toEqual([200]);
    expect(cli.mock.control.counters().webhookDeliveries).toBe(1);
  });
});
