import { describe, expect, it, vi } from 'vitest';
import { startWebhookReceiver, useWebhookEmulator } from './support/webhook-receiver.js';

// The emulator delivers over real sockets to a node:http server running the SDK's handler, whose secret has
// the `+`, `/` and `=` that `openssl rand -base64` prints: every delivery must get through on its first attempt,
// however the registered URL writes the secret.

const BASE64_SECRET = 'q+Z/3kP9w+Vb7Tn1/xYr2A==';

const world = useWebhookEmulator(1);

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
    const receiver = await startWebhookReceiver(BASE64_SECRET);
    await world.monzo.webhooks.create({ account_id: world.account, url: urlFor(receiver.origin) });
    const tx = world.mock.control.createTransaction({ account_id: world.account, amount: -420 });
    await until(() => expect(receiver.events).toHaveLength(1));
    expect(receiver.events[0]?.data).toMatchObject({ id: tx.id });
    expect(receiver.statuses()).toEqual([200]);
    expect(world.mock.control.counters().webhookDeliveries).toBe(1);
  });

  it('still refuses the secret with its + read as a space, and a wrong secret', async () => {
    const receiver = await startWebhookReceiver(BASE64_SECRET);
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
    const receiver = await startWebhookReceiver(BASE64_SECRET, (_, delivery) => {
      throw new Error(
        `forwarding to https://app:hunter2pw@internal.example/x?secret=${encodeURIComponent(BASE64_SECRET)} ` +
          `failed with Authorization: Bearer ${token}; secret was ${BASE64_SECRET} (${delivery.dedupeKey})`,
      );
    });
    await world.monzo.webhooks.create({
      account_id: world.account,
      url: (WRITINGS[1] as (typeof WRITINGS)[number])[1](receiver.origin),
    });
    world.mock.control.createTransaction({ account_id: world.account, amount: -420 });
    await until(() => expect(receiver.statuses()).toContain(500));
    const failed = receiver.logged.find((line) => line.event.status === 500);
    const text = JSON.stringify(failed);
    expect(text).toContain('forwarding to');
    for (const leak of [BASE64_SECRET, encodeURIComponent(BASE64_SECRET), token, 'hunter2pw']) {
      expect(text).not.toContain(leak);
    }
  });
});
