/**
 * `npm run demo`: the whole flow of the Python tutorial, done with monzo-ts against a Monzo stand-in on
 * loopback: login with a CSRF state, code exchange, tokens saved to a file, accounts, balance, pots, an
 * exactly-once pot move, every transaction page by page, an annotation, a token that expires and renews itself,
 * and logout. It checks each outcome and exits non-zero if one is wrong.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAuthorizationRequest,
  exchangeCode,
  FileTokenStore,
  formatAmount,
  MonzoAuthenticationError,
  MonzoClient,
} from '../src/index.js';
import { startTinyMonzo } from './tiny-monzo.js';

const step = (text: string) => console.log(`\n▸ ${text}`);
const show = (text: string) => console.log(`  ${text}`);
function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`demo check failed: ${what}`);
}

const monzo = await startTinyMonzo({ transactions: 250 });
const folder = await mkdtemp(join(tmpdir(), 'monzo-demo-'));
try {
  const redirectUri = 'http://127.0.0.1:8080/callback';
  const common = { clientId: monzo.clientId, clientSecret: monzo.clientSecret, apiUrl: monzo.url };

  step('1. Send the user to Monzo with a fresh CSRF state');
  const login = createAuthorizationRequest({ clientId: monzo.clientId, redirectUri, authUrl: monzo.url });
  show(`login URL: ${login.url.replace(login.state, '<state>')}`);

  step('2. Monzo redirects back with a code; check the state and exchange the code');
  const redirect = await fetch(login.url, { redirect: 'manual' });
  const callback = new URL(redirect.headers.get('location') ?? '');
  const tokens = await exchangeCode({
    ...common,
    redirectUri,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: login.state,
  });
  show(`logged in as ${tokens.user_id}; token valid until ${new Date(tokens.expires_at ?? 0).toISOString()}`);

  step('3. A client that keeps its tokens in a file (mode 0600) and refreshes them itself');
  const tokenFile = join(folder, 'tokens.json');
  const store = new FileTokenStore(tokenFile);
  await store.set(tokens);
  const client = new MonzoClient({ ...common, tokenStore: store });
  const me = await client.whoami();
  check(me.authenticated, 'whoami says authenticated');
  show(`token file mode: ${((await stat(tokenFile)).mode & 0o777).toString(8)}`);

  step('4. Accounts, and the personal account by type');
  const accounts = await client.accounts.list();
  for (const account of accounts) show(`${account.id}  ${account.type}${account.closed ? '  (closed)' : ''}`);
  const personal = await client.accounts.findByType('uk_retail');
  check(personal, 'an open uk_retail account');

  step('5. Balance');
  const before = await client.balance.get(personal.id);
  show(
    `balance ${formatAmount(before.balance, before.currency)}, with pots ${formatAmount(before.total_balance, before.currency)}`,
  );

  step('6. Pots, and £5.00 into the first one, exactly once even if retried');
  const [pot] = (await client.pots.list(personal.id)).filter((candidate) => !candidate.deleted);
  check(pot, 'an open pot');
  const dedupe_id = crypto.randomUUID();
  const moved = await client.pots.deposit(pot.id, { source_account_id: personal.id, amount: 500, dedupe_id });
  const replayed = await client.pots.deposit(pot.id, {
    source_account_id: personal.id,
    amount: 500,
    dedupe_id,
  });
  check(replayed.balance === moved.balance, 'a replayed dedupe_id moves nothing');
  const after = await client.balance.get(personal.id);
  check(after.balance === before.balance - 500, 'the account paid exactly £5.00');
  show(
    `${pot.name}: ${formatAmount(pot.balance, pot.currency)} → ${formatAmount(moved.balance, moved.currency)}`,
  );

  step('7. Every transaction, page by page (100 a page, constant memory)');
  let count = 0;
  let spent = 0;
  const since = new Date(Date.now() - 89 * 24 * 3_600_000);
  for await (const tx of client.transactions.iterate({ account_id: personal.id, since })) {
    count++;
    if (tx.amount < 0) spent -= tx.amount;
  }
  check(count === 250, `250 transactions, got ${count}`);
  show(`${count} transactions, ${formatAmount(spent, 'GBP')} spent`);

  step('8. Annotate a transaction');
  const annotated = await client.transactions.annotate('tx_000007', { notes: 'Lunch with Sam' });
  check(annotated.notes === 'Lunch with Sam', 'notes set through metadata[notes]');
  show(`${annotated.id}: notes "${annotated.notes}"`);

  step('9. The access token expires: the next call refreshes it once, saves the rotated tokens, and goes on');
  const spentRefreshToken = (await store.get())?.refresh_token;
  monzo.expireAccessToken();
  const again = await client.balance.get(personal.id);
  check(again.balance === after.balance, 'the call after expiry succeeded');
  check(monzo.counters.refreshes === 1, 'exactly one refresh');
  check((await store.get())?.refresh_token !== spentRefreshToken, 'the rotated refresh token was saved');
  show(`refreshes: ${monzo.counters.refreshes}; the token file holds the new refresh token`);

  step('10. Log out: the token is revoked and the file removed');
  await client.logout();
  check((await store.get()) === undefined, 'token file cleared');
  const loggedOut = await client.whoami().catch((error: unknown) => error);
  check(
    loggedOut instanceof MonzoAuthenticationError && loggedOut.loginRequired,
    'calls now ask for a new login',
  );
  show(`after logout: ${loggedOut.message}`);

  console.log(`\n✔ demo complete: ${monzo.counters.requests} requests against ${monzo.url}`);
} finally {
  await monzo.close();
  await rm(folder, { recursive: true, force: true });
}
