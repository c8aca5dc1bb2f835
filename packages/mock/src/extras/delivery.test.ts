import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DeliveryOptions, MAX_ATTEMPTS, WebhookDelivery } from './delivery.js';
import { type Receiver, type ReceiverAnswer, startReceiver } from './test-receiver.js';

const open: Array<{ receiver: Receiver; delivery: WebhookDelivery }> = [];

afterEach(async () => {
  for (const { receiver, delivery } of open.splice(0)) {
    delivery.stop();
    await receiver.close();
  }
});

/** A delivery with tiny backoff to a real loopback receiver, counting attempts as the emulator's counters do. */
async function setup(answer: ReceiverAnswer, options: Partial<DeliveryOptions> = {}) {
  const receiver = await startReceiver(answer);
  const active = new Set(['webhook_1']);
  let attempts = 0;
  const delivery = new WebhookDelivery({
    retryDelaysMs: [1, 2, 3, 4],
    onAttempt: () => attempts++,
    isActive: (id) => active.has(id),
    ...options,
  });
  open.push({ receiver, delivery });
  const target = { id: 'webhook_1', url: `${receiver.url}/hook?secret=s3cret` };
  const settled = () => vi.waitFor(() => expect(delivery.pending()).toBe(0), { timeout: 5_000, interval: 5 });
  return { receiver, delivery, target, active, attempts: () => attempts, settled };
}

describe('webhook delivery', () => {
  it('POSTs the event as JSON to the registered URL, query included, once when the receiver says 200', async () => {
    const { receiver, delivery, target, attempts, settled } = await setup(() => 200);
    delivery.send(target, '{"type":"transaction.created","data":{"id":"tx_1"}}');
    expect(attempts()).toBe(1); // counted before send returns
    await settled();
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook?secret=s3cret');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ type: 'transaction.created', data: { id: 'tx_1' } });
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('makes exactly 5 attempts in all when every answer is a 500', async () => {
    const { receiver, delivery, target, attempts, settled } = await setup(() => 500);
    delivery.send(target, '{}');
    await settled();
    expect(MAX_ATTEMPTS).toBe(5);
    expect(receiver.requests).toHaveLength(5);
    expect(attempts()).toBe(5);
    expect(new Set(receiver.requests.map((request) => request.body))).toEqual(new Set(['{}']));
  });

  it('stops retrying at the first 2xx: success after 2 failures is 3 attempts', async () => {
    const { receiver, delivery, target, attempts, settled } = await setup((n) => (n <= 2 ? 503 : 204));
    delivery.send(target, '{}');
    await settled();
    expect(receiver.requests).toHaveLength(3);
    expect(attempts()).toBe(3);
  });

  it('counts a redirect as a failure and does not follow it', async () => {
    const { receiver, delivery, target, settled } = await setup((n) => (n === 1 ? 302 : 200));
    delivery.send(target, '{}');
    await settled();
    expect(receiver.requests.map((request) => request.path)).toEqual([
      '/hook?secret=s3cret',
      '/hook?secret=s3cret',
    ]);
  });

  it('retries after a network error (nothing listening)', async () => {
    const { receiver, delivery, attempts, settled } = await setup(() => 200);
    const url = receiver.url;
    await receiver.close();
    delivery.send({ id: 'webhook_1', url: `${url}/gone` }, '{}');
    await settled();
    expect(attempts()).toBe(5);
  });

  it('retries after the receiver does not answer within the timeout', async () => {
    // Long enough that the second, prompt answer is never itself timed out on a loaded machine (at 50 ms it was,
    // and a third attempt followed).
    const { receiver, delivery, target, settled } = await setup((n) => (n === 1 ? 'hang' : 200), {
      timeoutMs: 400,
    });
    delivery.send(target, '{}');
    await settled();
    expect(receiver.requests).toHaveLength(2);
  });

  it('waits the configured delays between attempts, the last one repeating', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const seen: number[] = [];
      const fakeFetch = vi.fn(async () => new Response('no', { status: 500 }));
      vi.stubGlobal('fetch', fakeFetch);
      const delivery = new WebhookDelivery({
        retryDelaysMs: [100, 200],
        onAttempt: () => seen.push(Date.now()),
        isActive: () => true,
      });
      const start = Date.now();
      delivery.send({ id: 'webhook_1', url: 'http://127.0.0.1:1/' }, '{}');
      await vi.runAllTimersAsync();
      expect(seen.map((at) => at - start)).toEqual([0, 100, 300, 500, 700]);
      expect(delivery.pending()).toBe(0);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('makes no further attempt for a webhook deleted meanwhile', async () => {
    const { receiver, delivery, target, active, attempts, settled } = await setup(() => 500, {
      retryDelaysMs: [20],
    });
    delivery.send(target, '{}');
    await receiver.received(1);
    active.delete(target.id);
    await settled();
    expect(attempts()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('stop() cancels pending retries and aborts attempts in flight', async () => {
    const waiting = await setup(() => 500, { retryDelaysMs: [60_000] });
    waiting.delivery.send(waiting.target, '{}');
    await waiting.receiver.received(1);
    waiting.delivery.stop();
    await waiting.settled();
    expect(waiting.attempts()).toBe(1);

    const hanging = await setup(() => 'hang');
    hanging.delivery.send(hanging.target, '{}');
    await hanging.receiver.received(1);
    hanging.delivery.stop();
    await hanging.settled();
    expect(hanging.attempts()).toBe(1);
    hanging.delivery.send(hanging.target, '{}');
    expect(hanging.attempts()).toBe(1); // a stopped delivery sends nothing new
  });
});
