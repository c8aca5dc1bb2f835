/**
 * Run as a child process by the benchmark: starts the emulator with `--transactions N`, answers one balance and
 * one transaction page, and prints how long the start took and the memory held afterwards, as one JSON line.
 * A fresh process per size, so one run's garbage cannot weigh on the next.
 */
import { performance } from 'node:perf_hooks';
import { signIn, startMockServer } from '../packages/mock/src/index.js';
import { MonzoClient } from '../packages/sdk/src/index.js';

const transactions = Number(process.argv[2] ?? 0);
const started = performance.now();
const mock = await startMockServer({ transactions, autoApprove: true });
const startMs = performance.now() - started;

const monzo = new MonzoClient({
  clientId: mock.clientId,
  clientSecret: mock.clientSecret,
  apiUrl: mock.url,
  tokens: await signIn(mock),
});
const account = await monzo.accounts.findByType('uk_retail');
if (!account) throw new Error('no personal account');
await monzo.balance.get(account.id);
const page = await monzo.transactions.list({ account_id: account.id, limit: 100 });
if (transactions >= 100 && page.length !== 100) throw new Error(`expected a full page, got ${page.length}`);

globalThis.gc?.();
const memory = process.memoryUsage();
console.log(JSON.stringify({ transactions, startMs, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed }));
await mock.close();
