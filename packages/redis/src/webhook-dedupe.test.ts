import { createMockMonzo } from '@monzo-ts/mock';
import { Redis } from 'ioredis';
import { createWebhookHandler } from 'monzo-ts/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../test/redis-server.js';
import { sleep } from './connection.js';
import { RedisWebhookDedupe } from './webhook-dedupe.js';

let server: RedisServer;
let redis: Redis;
let first: RedisWebhookDedupe;
let second: RedisWebhookDedupe;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  // Two instances stand for two processes behind the same webhook URL.
  first = new RedisWebhookDedupe({ url: server.url });
  second = new RedisWebhookDedupe({ url: server.url });
});

afterAll(async () => {
  await Promise.all([first.close(), second.close(), redis.quit()]);
  await server.close();
});

/** Waits until Redis has forgotten `key` (its lease or retention lapsed), checking every 20 ms. */
async function expired(key: string): Promise<void> {
  while (await redis.exists(key)) await sleep(20);
}

describe('RedisWebhookDedupe', () => {
  it('claims an event once: a second delivery while it is handled is busy, after it is done', async () => {
    expect(await first.claim('transaction.created:tx_1', 30_000, 'first')).toBe('claimed');
    expect(await second.claim('transaction.created:tx_1', 30_000, 'second')).toBe('busy');
    expect(await first.claim('transaction.created:tx_1', 30_000, 'first')).toBe('busy');
    await first.complete('transaction.created:tx_1', 60_000);
    expect(await second.claim('transaction.created:tx_1', 30_000, 'second')).toBe('done');
    expect(await redis.get('monzo:webhook:transaction.created:tx_1')).toBe('done');
    expect(await redis.pttl('monzo:webhook:transaction.created:tx_1')).toBeGreaterThan(55_000);
  });

  it('frees a released claim, so that the retry handles the event', async () => {
    expect(await first.claim('transaction.created:tx_2', 30_000, 'first')).toBe('claimed');
    await first.release('transaction.created:tx_2', 'first');
    expect(await second.claim('transaction.created:tx_2', 30_000, 'second')).toBe('claimed');
  });

  it('lets a claim lapse after its lease, so that a delivery whose handler died does not block retries', async () => {
    expect(await first.claim('transaction.created:tx_3', 150, 'first')).toBe('claimed');
    await expired('monzo:webhook:transaction.created:tx_3');
    expect(await second.claim('transaction.created:tx_3', 30_000, 'second')).toBe('claimed');
  });

  it('never releases a claim that another delivery made after its own lease lapsed', async () => {
    expect(await first.claim('transaction.created:tx_4', 150, 'first')).toBe('claimed');
    await expired('monzo:webhook:transaction.created:tx_4');
    expect(await second.claim('transaction.created:tx_4', 30_000, 'second')).toBe('claimed');
    await first.release('transaction.created:tx_4', 'first');
    expect(await first.claim('transaction.created:tx_4', 30_000, 'first')).toBe('busy');
  });

  it('within one process too: a lapsed delivery releases only its own claim', async () => {
    expect(await first.claim('transaction.created:tx_7', 150, 'slow')).toBe('claimed');
    await expired('monzo:webhook:transaction.created:tx_7');
    expect(await first.claim('transaction.created:tx_7', 30_000, 'retry')).toBe('claimed');
    await first.release('transaction.created:tx_7', 'slow');
    expect(await first.claim('transaction.created:tx_7', 30_000, 'third')).toBe('busy');
    await first.release('transaction.created:tx_7', 'retry');
    expect(await first.claim('transaction.created:tx_7', 30_000, 'third')).toBe('claimed');
  });

  it('forgets a done event after its retention', async () => {
    expect(await first.claim('transaction.created:tx_5', 30_000, 'first')).toBe('claimed');
    await first.complete('transaction.created:tx_5', 150);
    await expired('monzo:webhook:transaction.created:tx_5');
    expect(await second.claim('transaction.created:tx_5', 30_000, 'second')).toBe('claimed');
  });

  it('keeps its keys under the prefix it is given', async () => {
    const prefixed = new RedisWebhookDedupe({ client: redis, prefix: 'app:hooks:' });
    expect(await prefixed.claim('transaction.created:tx_6', 30_000, 'prefixed')).toBe('claimed');
    expect(await redis.get('app:hooks:transaction.created:tx_6')).toMatch(/^pending:/);
    await prefixed.close();
    expect(redis.status).toBe('ready');
  });
});

describe('RedisWebhookDedupe behind createWebhookHandler', () => {
  it('runs onEvent once across two receivers, and again on a retry after it failed', async () => {
    const transaction = createMockMonzo().control.createTransaction({ amount: -450, description: 'Coffee' });
    const body = JSON.stringify({ type: 'transaction.created', data: transaction });
    const handled: string[] = [];
    let failNext = true;
    // Two receivers, as two processes behind one webhook URL, each with its own connection to Redis.
    const receivers = [first, second].map((dedupe) =>
      createWebhookHandler({
        secret: 'hook-secret',
        dedupe,
        onEvent: async (event) => {
          if (failNext) {
            failNext = false;
            throw new Error('the database was down');
          }
          handled.push(`${event.type}:${(event.data as { id: string }).id}`);
        },
      }),
    );
    const deliver = (receiver: number) =>
      receivers[receiver]!(
        new Request('http://127.0.0.1/monzo?secret=hook-secret', { method: 'POST', body }),
      ).then((response) => response.status);

    expect(await deliver(0)).toBe(500);
    expect(await deliver(1)).toBe(200);
    expect(await deliver(0)).toBe(200);
    expect(await deliver(1)).toBe(200);
    expect(handled).toEqual([`transaction.created:${transaction.id}`]);
    expect(await redis.get(`monzo:webhook:transaction.created:${transaction.id}`)).toBe('done');
  });
});
