/**
 * Programs that use all five packages together, as a project that installed them from npm would: the emulator
 * from `@monzo-ts/mock`, a login and a call through `monzo-ts`, and the Redis store from `@monzo-ts/redis`
 * failing, typed, against a port where nothing listens, and a local history from `@monzo-ts/history` synced from
 * the emulator (or, where this Node has no SQLite, its typed refusal). Each prints one JSON line for the test to
 * check.
 */

/**
 * The body shared by the ESM and the CommonJS program; `sdk`, `webhooks`, `mockPkg`, `redis` and `historyPkg`
 * are the modules, `tmpdir` and `join` Node's.
 */
const RUN = `
const mock = await mockPkg.startMockServer({ transactions: 5 });
try {
  const tokens = await mockPkg.signIn(mock);
  const monzo = new sdk.MonzoClient({
    apiUrl: mock.url,
    tokens,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
  });
  const accounts = await monzo.accounts.list();
  // Nothing listens on port 1: the store must fail fast with the SDK's own error class, the peer's.
  const store = new redis.RedisTokenStore({ url: 'redis://127.0.0.1:1', timeoutMs: 2000 });
  const unreachable = await store.get().catch((error) => error);
  await store.close();
  const dedupe = new redis.RedisWebhookDedupe({ url: 'redis://127.0.0.1:1', timeoutMs: 2000 });
  const handler = webhooks.createWebhookHandler({ secret: 'consumer-secret', dedupe, onEvent: () => {} });
  // With Redis away there is no telling a duplicate: the delivery is answered 503, so that Monzo retries.
  const delivery = await handler(
    new Request('http://receiver.test/hook?secret=consumer-secret', {
      method: 'POST',
      body: JSON.stringify({ type: 'ping', data: { id: 'evt_1' } }),
    }),
  );
  await dedupe.close();
  let listed = 0;
  for (const account of accounts) for await (const _ of monzo.transactions.iterate({ account_id: account.id })) listed++;
  // Node 20 has no node:sqlite, and the install left out the optional better-sqlite3: a typed refusal there.
  const history = await historyPkg.openHistory(join(tmpdir(), \`consumer-\${process.pid}-\${Date.now()}.sqlite\`)).then(
    async (opened) => {
      const summary = await opened.sync(monzo);
      await opened.close();
      return { held: summary.held, listed };
    },
    (error) => ({ refused: error instanceof historyPkg.HistoryError ? error.code : String(error) }),
  );
  console.log(JSON.stringify({
    history,
    accounts: accounts.map((account) => account.id).sort(),
    seeded: mock.control.dataset().accounts.map((account) => account.id).sort(),
    redis: {
      tokenStoreError: unreachable instanceof sdk.MonzoTokenStoreError && unreachable instanceof sdk.MonzoError,
      mentionsRedis: /Redis/.test(String(unreachable && unreachable.message)),
      defaultKey: redis.DEFAULT_TOKEN_KEY,
    },
    webhookWithoutRedis: delivery.status,
  }));
} finally {
  await mock.close();
}
`;

export const ESM_PROGRAM = `import * as sdk from 'monzo-ts';
import * as webhooks from 'monzo-ts/webhooks';
import * as mockPkg from '@monzo-ts/mock';
import * as redis from '@monzo-ts/redis';
import * as historyPkg from '@monzo-ts/history';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
${RUN}`;

export const CJS_PROGRAM = `const sdk = require('monzo-ts');
const webhooks = require('monzo-ts/webhooks');
const mockPkg = require('@monzo-ts/mock');
const redis = require('@monzo-ts/redis');
const historyPkg = require('@monzo-ts/history');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
(async () => {
${RUN}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`;

/** TypeScript users of the emulator and the Redis store, ESM (`.mts`) and CommonJS (`.cts`), NodeNext. */
export const TS_ESM_PROGRAM = `import { type History, openHistory } from '@monzo-ts/history';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { DEFAULT_TOKEN_KEY, RedisTokenStore, RedisWebhookDedupe } from '@monzo-ts/redis';
import { MonzoClient, type TokenStore } from 'monzo-ts';
import { createWebhookHandler, type WebhookDedupeStore } from 'monzo-ts/webhooks';

export async function client(): Promise<{ mock: MockServer; monzo: MonzoClient }> {
  const mock = await startMockServer({ autoApprove: true });
  const tokens = await signIn(mock);
  const tokenStore: TokenStore = new RedisTokenStore({ url: 'redis://127.0.0.1:6379', key: DEFAULT_TOKEN_KEY });
  return { mock, monzo: new MonzoClient({ apiUrl: mock.url, tokens, tokenStore }) };
}

const dedupe: WebhookDedupeStore = new RedisWebhookDedupe({ url: 'redis://127.0.0.1:6379' });
export const handler = createWebhookHandler({ secret: 'secret', dedupe, onEvent: () => {} });
// @ts-expect-error the store needs a url or a client
export const broken = new RedisTokenStore({ key: 42 });

export async function heldTransactions(monzo: MonzoClient): Promise<number> {
  const history: History = await openHistory('history.sqlite');
  try {
    return (await history.sync(monzo)).held;
  } finally {
    await history.close();
  }
}
// @ts-expect-error a location is a path or a postgres:// URL string
export const misplaced = openHistory(42);
`;

export const TS_CJS_PROGRAM = `import { createMockMonzo } from '@monzo-ts/mock';
import { RedisTokenStore } from '@monzo-ts/redis';
import { MonzoClient } from 'monzo-ts';

const mock = createMockMonzo({ autoApprove: true });
export const monzo = new MonzoClient({ apiUrl: 'http://monzo.test', fetch: mock.fetch, accessToken: 'token' });
export const store: RedisTokenStore = new RedisTokenStore({ url: 'redis://127.0.0.1:6379' });
`;
