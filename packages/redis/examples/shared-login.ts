/**
 * One login shared by several processes through Redis, as in the @monzo-ts/redis README. With a Redis at
 * REDIS_URL (default redis://127.0.0.1:6379), from the repository root:
 *
 *   npx tsx packages/redis/examples/shared-login.ts
 *
 * It starts the Monzo emulator, logs in, and stores the login in Redis with an access token that has expired.
 * Then 4 processes start, each making 10 calls at once: one of them refreshes, under the lock; the others wait,
 * and use the tokens it saved. The emulator counts one refresh.
 */
import { fork } from 'node:child_process';
import { signIn, startMockServer } from '@monzo-ts/mock';
import { RedisTokenStore } from '@monzo-ts/redis';
import { MonzoClient } from 'monzo-ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const key = 'monzo-example:tokens';

if (process.argv[2] === 'worker') {
  // ---- One of the processes: an app that shares the login ----------------------------------------------
  const store = new RedisTokenStore({ url, key });
  const monzo = new MonzoClient({
    apiUrl: process.env.MONZO_API_URL,
    clientId: process.env.MONZO_CLIENT_ID,
    clientSecret: process.env.MONZO_CLIENT_SECRET,
    tokenStore: store,
  });
  const calls = await Promise.all(Array.from({ length: 10 }, () => monzo.accounts.list()));
  console.log(`process ${process.pid}: ${calls.length} calls answered`);
  await store.close();
} else {
  // ---- The setup: an emulator, a login stored in Redis, and 4 processes ---------------------------------
  const mock = await startMockServer();
  const tokens = await signIn(mock);
  const store = new RedisTokenStore({ url, key });
  await store.set({ ...tokens, expires_at: Date.now() - 1_000 });
  mock.control.expireAccessTokens();

  const env = {
    ...process.env,
    MONZO_API_URL: mock.url,
    MONZO_CLIENT_ID: mock.clientId,
    MONZO_CLIENT_SECRET: mock.clientSecret,
  };
  const workers = Array.from({ length: 4 }, () => fork(process.argv[1]!, ['worker'], { env }));
  await Promise.all(workers.map((worker) => new Promise((done) => worker.on('exit', done))));

  console.log(`refreshes: ${mock.control.counters().grants.refresh_token}`); // 1
  await store.clear();
  await store.close();
  await mock.close();
}
