/**
 * A webhook receiver that handles each event once however many copies of it run, as in the @monzo-ts/redis
 * README. From the repository root, with a Redis at REDIS_URL (default redis://127.0.0.1:6379):
 *
 *   MONZO_WEBHOOK_SECRET=… npx tsx packages/redis/examples/webhook-receiver.ts
 */
import { createServer } from 'node:http';
import { RedisWebhookDedupe } from '@monzo-ts/redis';
import { createWebhookHandler, isTransactionCreated, toNodeListener } from 'monzo-ts/webhooks';

const handler = createWebhookHandler({
  secret: process.env.MONZO_WEBHOOK_SECRET!,
  dedupe: new RedisWebhookDedupe({
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: 'monzo:webhook:',
  }),
  onEvent: async (event) => {
    if (isTransactionCreated(event)) console.log(event.data.description, event.data.amount);
  },
});
createServer(toNodeListener(handler)).listen(8080, '127.0.0.1');
