/**
 * A webhook receiver that handles each event once however many copies of it run, as in the @monzo-ts/redis
 * README. From the repository root, with a Redis at REDIS_URL (default redis://127.0.0.1:6379):
 *
 *   MONZO_WEBHOOK_SECRET=… npx tsx packages/redis/examples/webhook-receiver.ts
 *
 * Register `http://your-host:8080/?secret=…` (PORT to choose another port) as the account's webhook.
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
const port = Number(process.env.PORT ?? 8080);
createServer(toNodeListener(handler)).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
