import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { isTransactionCreated, type WebhookHandlerOptions } from '../src/webhooks/index.js';
import { startWebhookReceiver, useWebhookEmulator } from './support/webhook-receiver.js';

// The emulator delivers transaction.created over real sockets to a node:http server running the SDK's
// handler, as Monzo would deliver to a user's receiver: retries after a 5xx, duplicates, strangers.

const world = useWebhookEmulator(20);

/** A receiver on a loopback port; `url` carries its secret, as the URL registered with Monzo would. */
async function startReceiver(onEvent?: WebhookHandlerOptions['onEvent']) {
  const secret = randomBytes(16).toString('hex');
  const receiver = await startWebhookReceiver(secret, onEvent);
  const outcomes = () => receiver.logged.map((line) => line.event);
  return { ...receiver, secret, url: `${receiver.origin}/monzo?secret=${secret}`, outcomes };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

describe('webhooks from the emulator to createWebhookHandler over node:http', () => {
  it('receives transaction.created with the typed transaction, merchant expanded', async () => {
    const receiver = await startReceiver();
    await world.monzo.webhooks.create({ account_id: world.account, url: receiver.url });
    const tx = world.mock.control.createTransaction({
      account_id: world.account,
      amount: -350,
      merchant: true,
    });
    await until(() => expect(receiver.events).toHaveLength(1));
    const [event] = receiver.events;
    expect(event && isTransactionCreated(event)).toBe(true);
    if (!event || !isTransactionCreated(event)) return;
    expect(event.data).toEqual(JSON.parse(JSON.stringify(tx)));
    expect(event.data).toMatchObject({ id: tx.id, account_id: world.account, amount: -350 });
    expect(typeof event.data.merchant?.id).toBe('string');
    expect(receiver.statuses()).toEqual([200]);
    expect(world.mock.control.counters().webhookDeliveries).toBe(1);
  });

  it('answers 500 when onEvent throws, so the emulator retries, and the retry is handled once', async () => {
    let calls = 0;
    const receiver = await startReceiver(() => {
      calls++;
      if (calls === 1) throw new Error('database unavailable');
    });
    await world.monzo.webhooks.create({ account_id: world.account, url: receiver.url });
    const tx = world.mock.control.createTransaction({ account_id: world.account, amount: -120 });
    await until(() => expect(receiver.statuses()).toEqual([500, 200]));
    expect(calls).toBe(2);
    expect(receiver.events.map((event) => (event.data as { id: string }).id)).toEqual([tx.id]);
    expect(world.mock.control.counters().webhookDeliveries).toBe(2); // and no more once a 2xx came back
  });

  it('runs onEvent once when the same event is delivered twice (two webhooks to one receiver)', async () => {
    const receiver = await startReceiver();
    await world.monzo.webhooks.create({ account_id: world.account, url: receiver.url });
    await world.monzo.webhooks.create({ account_id: world.account, url: receiver.url });
    const tx = world.mock.control.createTransaction({ account_id: world.account, amount: -990 });
    // Both deliveries end in a 2xx: one handled, one a duplicate (after a 409 and a retry, if they overlapped).
    await until(() => expect(receiver.outcomes().filter((o) => o.status === 200)).toHaveLength(2));
    expect(receiver.outcomes().filter((o) => o.outcome === 'handled')).toHaveLength(1);
    expect(
      receiver
        .outcomes()
        .filter((o) => o.status === 200)
        .map((o) => o.outcome)
        .sort(),
    ).toEqual(['duplicate', 'handled']);
    expect(receiver.events.map((event) => (event.data as { id: string }).id)).toEqual([tx.id]);
  });

  it('refuses every attempt to a URL with a wrong secret, and never runs onEvent', async () => {
    const receiver = await startReceiver();
    await world.monzo.webhooks.create({
      account_id: world.account,
      url: `${receiver.origin}/monzo?secret=guessed`,
    });
    world.mock.control.createTransaction({ account_id: world.account, amount: -100 });
    await until(() => expect(receiver.statuses()).toEqual([403, 403, 403, 403, 403]));
    expect(world.mock.control.counters().webhookDeliveries).toBe(5); // Monzo's 5 attempts, all refused
    expect(receiver.events).toEqual([]);
    expect(JSON.stringify(receiver.outcomes())).not.toContain(receiver.secret);
  });

  it('refuses forged bodies with 400 even with the right secret, and strangers with 401/403', async () => {
    const receiver = await startReceiver();
    const post = (body: string, url = receiver.url) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const forged = [
      'not json',
      '{"type": "transaction.created", "data": {"id": "tx_forged", "amount": -100000}}',
      '{"type": "transaction.created", "data": "tx_forged"}',
      '["transaction.created"]',
    ];
    for (const body of forged) expect((await post(body)).status).toBe(400);
    const genuineLooking = JSON.stringify({ type: 'transaction.created', data: { id: 'tx_1' } });
    expect((await post(genuineLooking, `${receiver.origin}/monzo`)).status).toBe(401);
    expect((await post(genuineLooking, `${receiver.origin}/monzo?secret=x${receiver.secret}`)).status).toBe(
      403,
    );
    expect(receiver.events).toEqual([]);
  });
});
