/**
 * One process of the multi-process tests, run by `spawnWorker` (workers.ts) as `node --import tsx worker.ts`.
 * `WORKER_MODE=calls`: a MonzoClient on a RedisTokenStore prints `ready`, waits for `go` on stdin, makes
 * `CALLS` concurrent calls (balance and accounts, alternately) and prints one JSON line of outcomes.
 * `WORKER_MODE=hold`: takes the store's lock, prints `locked`, and hangs until killed.
 */
import { createInterface } from 'node:readline';
import { MonzoClient } from 'monzo-ts';
import { RedisTokenStore } from '../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker: ${name} is not set`);
  return value;
};

const store = new RedisTokenStore({
  url: env('REDIS_URL'),
  key: env('TOKEN_KEY'),
  lock: { ttlMs: Number(env('LOCK_TTL_MS')) },
});

if (env('WORKER_MODE') === 'hold') {
  await store.withLock(async () => {
    console.log('locked');
    await new Promise(() => {});
  });
} else {
  const monzo = new MonzoClient({
    apiUrl: env('MONZO_API_URL'),
    clientId: env('MONZO_CLIENT_ID'),
    clientSecret: env('MONZO_CLIENT_SECRET'),
    tokenStore: store,
  });
  const accountId = env('ACCOUNT_ID');
  console.log('ready');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  lines.close();
  const outcomes = await Promise.allSettled(
    Array.from({ length: Number(env('CALLS')) }, (_, index) =>
      index % 2 === 0 ? monzo.balance.get(accountId) : monzo.accounts.list(),
    ),
  );
  const failures = outcomes.flatMap((outcome) =>
    outcome.status === 'rejected' ? [String((outcome.reason as Error).message)] : [],
  );
  console.log(JSON.stringify({ ok: outcomes.length - failures.length, failures: failures.slice(0, 3) }));
  await store.close();
}
