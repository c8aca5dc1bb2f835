/**
 * Programs that use `monzo-ts` as a user's project would, once it is installed from the packed tarball. Each
 * runtime consumer serves the spec's accounts example on a loopback port, calls the SDK against it and prints
 * one JSON line for the test to check.
 */

/** The body shared by the ESM and the CommonJS consumer: `sdk` is the imported module. */
const RUN = `
const { createServer } = nodeHttp;
const accountsBody = nodeFs.readFileSync(new URL('./accounts.json', pathToFileURL(__filename_)), 'utf8');
const seen = [];
const webhookListener = webhooks.toNodeListener(
  webhooks.createWebhookHandler({
    secret: 'consumer-webhook-secret',
    onEvent: (event) => {
      if (webhooks.isTransactionCreated(event)) seen.push(event.data.id);
    },
  }),
);
const server = createServer((request, response) => {
  if (request.url.startsWith('/hook')) return webhookListener(request, response);
  const authorized = request.headers.authorization === 'Bearer playground-token-123';
  if (request.url === '/accounts' && authorized) {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(accountsBody);
    return;
  }
  response.writeHead(404, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ code: 'not_found', message: 'No such thing' }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
try {
  const apiUrl = 'http://127.0.0.1:' + server.address().port;
  const monzo = new sdk.MonzoClient({ accessToken: 'playground-token-123', apiUrl, maxRetries: 0 });
  const accounts = await monzo.accounts.list();
  const missing = await monzo.balance.get('acc_missing').catch((error) => error);
  const delivery = await fetch(apiUrl + '/hook?secret=consumer-webhook-secret', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'transaction.created',
      data: { id: 'tx_1', account_id: 'acc_1', amount: -350, currency: 'GBP', created: '2026-01-01T00:00:00Z', merchant: null },
    }),
  });
  let forged;
  try {
    webhooks.parseWebhookEvent('not json');
  } catch (error) {
    forged = error;
  }
  const login = sdk.createAuthorizationRequest({
    clientId: 'oauth2client_00009abc',
    redirectUri: 'http://127.0.0.1:8080/callback',
  });
  console.log(JSON.stringify({
    node: process.version,
    version: sdk.VERSION,
    accounts: accounts.map((account) => account.id),
    notFound: missing instanceof sdk.MonzoNotFoundError && missing instanceof sdk.MonzoError,
    loginUrl: login.url.split('?')[0],
    stateLength: login.state.length,
    pence: sdk.formatAmount(1050, 'GBP'),
    webhook: {
      status: delivery.status,
      seen,
      // One error class for both entry points: they share the chunk it lives in.
      sameErrorClass: webhooks.MonzoWebhookError === sdk.MonzoWebhookError,
      forged: forged instanceof sdk.MonzoError && forged.type,
    },
  }));
} finally {
  server.close();
}
`;

export const ESM_CONSUMER = `import * as nodeFs from 'node:fs';
import * as nodeHttp from 'node:http';
import { pathToFileURL, fileURLToPath } from 'node:url';
import * as sdk from 'monzo-ts';
import * as webhooks from 'monzo-ts/webhooks';
const __filename_ = fileURLToPath(import.meta.url);
${RUN}`;

export const CJS_CONSUMER = `const nodeFs = require('node:fs');
const nodeHttp = require('node:http');
const { pathToFileURL } = require('node:url');
const sdk = require('monzo-ts');
const webhooks = require('monzo-ts/webhooks');
const __filename_ = __filename;
(async () => {
${RUN}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`;

/** A TypeScript user's code under NodeNext resolution: it must compile against the published types. */
export const TS_ESM_CONSUMER = `import {
  type Account,
  type Balance,
  createAuthorizationRequest,
  MonzoApiError,
  MonzoClient,
  type MonzoClientOptions,
  MonzoRateLimitError,
  type TokenSet,
  VERSION,
  type Transaction,
} from 'monzo-ts';
import {
  createWebhookHandler,
  isTransactionCreated,
  MemoryWebhookDedupe,
  type WebhookEvent,
} from 'monzo-ts/webhooks';

const tokens: TokenSet = { access_token: 'token', refresh_token: 'refresh', expires_at: Date.now() };
const options: MonzoClientOptions = { clientId: 'id', clientSecret: 'secret', tokens, maxRetries: 1 };
const monzo = new MonzoClient(options);
const version: string = VERSION;

export async function personalBalance(): Promise<number | undefined> {
  const account: Account | undefined = await monzo.accounts.findByType('uk_retail');
  if (!account) return undefined;
  const balance: Balance = await monzo.balance.get(account.id, { signal: AbortSignal.timeout(5_000) });
  return balance.balance;
}

export async function deposit(potId: string, accountId: string): Promise<string> {
  // @ts-expect-error amounts are integer minor units, never strings
  await monzo.pots.deposit(potId, { source_account_id: accountId, amount: '10.50' });
  const pot = await monzo.pots.deposit(potId, { source_account_id: accountId, amount: 1050 });
  return pot.id;
}

export function describeError(error: unknown): string {
  if (error instanceof MonzoRateLimitError) return \`wait \${error.retryAfter ?? 0} ms\`;
  if (error instanceof MonzoApiError) return \`\${error.status} \${error.code}\`;
  return String(error);
}

export const webhookHandler: (request: Request) => Promise<Response> = createWebhookHandler({
  secret: 'secret',
  dedupe: new MemoryWebhookDedupe({ maxEntries: 100 }),
  onEvent: async (event: WebhookEvent) => {
    if (isTransactionCreated(event)) {
      const transaction: Transaction = event.data;
      const account: string = event.data.account_id;
      // @ts-expect-error the merchant of a webhook transaction is expanded, never an id
      const merchantId: string = event.data.merchant;
      console.log(transaction.amount, account, merchantId);
    }
  },
});

const login: { url: string; state: string } = createAuthorizationRequest({
  clientId: 'id',
  redirectUri: 'http://127.0.0.1:8080/callback',
});
// @ts-expect-error accounts.list returns Account[], not a wrapped response
const wrapped: Promise<{ accounts: Account[] }> = monzo.accounts.list();
export { login, version, wrapped };
`;

/** The same, compiled as CommonJS (`.cts`): it reads the `require` types, `index.d.cts`. */
export const TS_CJS_CONSUMER = `import { MonzoClient, type Transaction, VERSION } from 'monzo-ts';
import { parseWebhookEvent, type WebhookDedupeStore } from 'monzo-ts/webhooks';

export const eventType: string = parseWebhookEvent('{"type":"ping","data":null}').type;
export const noDedupe: WebhookDedupeStore = {
  claim: async () => 'claimed',
  complete: async () => {},
  release: async () => {},
};

const monzo = new MonzoClient({ accessToken: 'token' });
export async function* everyTransaction(accountId: string): AsyncGenerator<Transaction> {
  yield* monzo.transactions.iterate({ account_id: accountId });
}
export const version: string = VERSION;
`;

/**
 * Strict NodeNext settings, without skipLibCheck, so that the published `.d.ts` files are checked too. Only
 * TypeScript's own lib files (lib.dom.d.ts and the rest, which no change of ours can break) go unchecked: a
 * fifth of tsc's time.
 */
export const TS_CONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    types: [],
  },
  files: ['consumer.mts', 'consumer.cts'],
};
