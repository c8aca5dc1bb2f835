/**
 * Programs that use `monzo-ts` as a user's project would, once it is installed from the packed tarball. Each
 * runtime consumer serves the spec's accounts example on a loopback port, calls the SDK against it and prints
 * one JSON line for the test to check.
 */

/** The body shared by the ESM and the CommonJS consumer: `sdk` is the imported module. */
const RUN = `
const { createServer } = nodeHttp;
const accountsBody = nodeFs.readFileSync(new URL('./accounts.json', pathToFileURL(__filename_)), 'utf8');
const server = createServer((request, response) => {
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
  }));
} finally {
  server.close();
}
`;

export const ESM_CONSUMER = `import * as nodeFs from 'node:fs';
import * as nodeHttp from 'node:http';
import { pathToFileURL, fileURLToPath } from 'node:url';
import * as sdk from 'monzo-ts';
const __filename_ = fileURLToPath(import.meta.url);
${RUN}`;

export const CJS_CONSUMER = `const nodeFs = require('node:fs');
const nodeHttp = require('node:http');
const { pathToFileURL } = require('node:url');
const sdk = require('monzo-ts');
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
} from 'monzo-ts';

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

const monzo = new MonzoClient({ accessToken: 'token' });
export async function* everyTransaction(accountId: string): AsyncGenerator<Transaction> {
  yield* monzo.transactions.iterate({ account_id: accountId });
}
export const version: string = VERSION;
`;

/** Strict NodeNext settings, without skipLibCheck, so that the published `.d.ts` files are checked too. */
export const TS_CONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
  files: ['consumer.mts', 'consumer.cts'],
};
