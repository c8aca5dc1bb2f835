// The SDK's main paths, run unchanged on any runtime with fetch and Web Crypto (Node, Bun, Deno, workerd):
// a login through the emulator's consent page, the accounts, every page of an account's transactions, and a
// webhook delivery handled from a Request. Plain JavaScript importing the published package by name, as a
// user's code would; `runtimes.test.ts` copies it into a project where `monzo-ts` is installed from its tarball.
import {
  createAuthorizationRequest,
  exchangeCode,
  MonzoClient,
  MonzoError,
  MonzoNotFoundError,
  VERSION,
} from 'monzo-ts';
import { createWebhookHandler, isTransactionCreated } from 'monzo-ts/webhooks';
// The emulator's own "user in the browser", built from packages/mock/src/consent.ts.
import { submitConsent } from './consent.mjs';

const REDIRECT_URI = 'http://127.0.0.1:8080/callback';
const PAGE_SIZE = 20;

/** Which runtime this is, from the globals each one has and the others lack. */
function runtimeName() {
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return `node ${globalThis.process.version}`;
}

/** @param {{ url: string, clientId: string, clientSecret: string }} emulator */
export async function smoke({ url, clientId, clientSecret }) {
  const login = createAuthorizationRequest({ clientId, redirectUri: REDIRECT_URI, authUrl: url });
  const callback = new URL(await submitConsent(login.url, 'allow'));
  const tokens = await exchangeCode({
    apiUrl: url,
    clientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: login.state,
  });
  // The user approves the login in the Monzo app (the emulator's HTTP twin of control.approve()).
  await fetch(new URL('/_mock/approve', url), { method: 'POST', body: '{}' });

  const monzo = new MonzoClient({ apiUrl: url, tokens, clientId, clientSecret });
  const accounts = await monzo.accounts.list();
  const personal = accounts.find((account) => account.type === 'uk_retail');
  const transactions = [];
  for await (const transaction of monzo.transactions.iterate({
    account_id: personal.id,
    limit: PAGE_SIZE,
    expand: ['merchant'],
  })) {
    transactions.push(transaction);
  }
  const missing = await monzo.transactions.get('tx_missing').catch((error) => error);

  const secret = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16)).join('');
  const seen = [];
  const handler = createWebhookHandler({
    secret,
    onEvent: (event) => {
      if (isTransactionCreated(event)) seen.push(event.data.id);
    },
  });
  const deliver = (key) =>
    handler(
      new Request(`https://receiver.example/monzo?secret=${key}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'transaction.created', data: transactions[0] }),
      }),
    );
  const statuses = [];
  for (const key of [secret, secret, 'not-the-secret']) statuses.push((await deliver(key)).status);

  const ids = transactions.map((transaction) => transaction.id);
  const times = transactions.map((transaction) => Date.parse(transaction.created));
  return {
    runtime: runtimeName(),
    version: VERSION,
    expiresLater: tokens.expires_at > Date.now(),
    accounts: accounts.map((account) => account.id).sort(),
    transactions: {
      count: ids.length,
      unique: new Set(ids).size,
      oldestFirst: times.every((time, index) => index === 0 || times[index - 1] <= time),
      ofAccount: transactions.every((transaction) => transaction.account_id === personal.id),
    },
    notFound: missing instanceof MonzoNotFoundError && missing instanceof MonzoError && missing.status,
    webhook: { statuses, seen, first: ids[0] },
  };
}
