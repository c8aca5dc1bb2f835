/**
 * `npm run demo`: the whole flow of the Python tutorial this project started from, done with monzo-ts against
 * the Monzo emulator started in process on loopback. It logs in through the consent page with a CSRF state,
 * approves the login as the user would in the app, reads accounts, balance, pots and the latest transactions,
 * moves £5.00 into a pot exactly once, lets the access token expire and renew itself with a rotated refresh
 * token, and logs out. Each outcome is checked; the exit code is non-zero if one is wrong.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer, submitConsent } from '../packages/mock/src/index.js';
import {
  createAuthorizationRequest,
  type ExpandedTransaction,
  exchangeCode,
  FileTokenStore,
  formatAmount,
  MonzoApprovalRequiredError,
  MonzoClient,
  refreshTokens,
} from '../packages/sdk/src/index.js';

const step = (text: string) => console.log(`\n▸ ${text}`);
const show = (text: string) => console.log(`  ${text}`);
function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`demo check failed: ${what}`);
}

const redirectUri = 'http://127.0.0.1:8080/callback';
const mock = await startMockServer({ seed: 42, transactions: 500, redirectUris: [redirectUri] });
const folder = await mkdtemp(join(tmpdir(), 'monzo-demo-'));
try {
  const credentials = { clientId: mock.clientId, clientSecret: mock.clientSecret };
  console.log(`Monzo emulator at ${mock.url}`);

  step('1. Send the user to Monzo with a fresh, random CSRF state');
  const login = createAuthorizationRequest({ ...credentials, redirectUri, authUrl: mock.url });
  show(login.url.replace(login.state, '<state>'));

  step('2. The user allows access on the consent page; Monzo redirects back with a code');
  const page = await fetch(login.url);
  show(`consent page: ${page.status} ${/<title>([^<]*)<\/title>/i.exec(await page.text())?.[1] ?? ''}`);
  const callback = new URL(await submitConsent(login.url, 'allow'));
  show(`callback: ${callback.origin}${callback.pathname}?code=<code>&state=<state>`);

  step('3. Check the state and exchange the code for tokens (saved to a 0600 file)');
  const tokens = await exchangeCode({
    ...credentials,
    apiUrl: mock.url,
    redirectUri,
    code: callback.searchParams.get('code') ?? '',
    state: callback.searchParams.get('state') ?? '',
    expectedState: login.state,
  });
  const store = new FileTokenStore(join(folder, 'tokens.json'));
  await store.set(tokens);
  const monzo = new MonzoClient({ ...credentials, apiUrl: mock.url, tokenStore: store });
  show(`logged in as ${(await monzo.whoami()).user_id}`);

  step('4. Until the user approves the login in the Monzo app, data is refused');
  const refused = await monzo.accounts.list().catch((error: unknown) => error);
  check(refused instanceof MonzoApprovalRequiredError, 'data refused before approval');
  show(`${refused.name}: ${refused.message}`);
  mock.control.approve();
  show('approved in the app');

  step('5. Accounts, and the open personal account by type');
  for (const account of await monzo.accounts.list()) {
    show(`${account.id}  ${account.type}${account.closed ? '  (closed)' : ''}`);
  }
  const personal = await monzo.accounts.findByType('uk_retail');
  check(personal, 'an open uk_retail account');

  step('6. Balance');
  const before = await monzo.balance.get(personal.id);
  show(
    `${formatAmount(before.balance, before.currency)} (with pots ${formatAmount(before.total_balance, before.currency)})`,
  );

  step('7. Pots');
  const pots = (await monzo.pots.list(personal.id)).filter((pot) => !pot.deleted);
  for (const pot of pots)
    show(
      `${pot.name.padEnd(16)} ${formatAmount(pot.balance, pot.currency)}${pot.locked ? '  (locked)' : ''}`,
    );
  const pot = pots.find((candidate) => !candidate.locked);
  check(pot, 'an unlocked pot');

  step('8. The latest 10 transactions (every page of the last 30 days, 100 at a time)');
  const latest: ExpandedTransaction[] = [];
  const since = new Date(Date.now() - 30 * 24 * 3_600_000);
  for await (const tx of monzo.transactions.iterate({
    account_id: personal.id,
    since,
    expand: ['merchant'],
  })) {
    latest.push(tx);
    if (latest.length > 10) latest.shift();
  }
  for (const tx of latest) {
    const name = tx.merchant?.name ?? tx.description;
    show(
      `${tx.created.slice(0, 10)}  ${formatAmount(tx.amount, tx.currency).padStart(10)}  ${name}${tx.settled ? '' : '  (pending)'}`,
    );
  }

  step('9. £5.00 into a pot, exactly once: the same dedupe_id sent twice moves the money once');
  const dedupe_id = crypto.randomUUID();
  const moved = await monzo.pots.deposit(pot.id, { source_account_id: personal.id, amount: 500, dedupe_id });
  await monzo.pots.deposit(pot.id, { source_account_id: personal.id, amount: 500, dedupe_id });
  const after = await monzo.balance.get(personal.id);
  check(after.balance === before.balance - 500, 'the account paid exactly £5.00');
  show(
    `${pot.name}: ${formatAmount(pot.balance, pot.currency)} → ${formatAmount(moved.balance, moved.currency)}`,
  );
  show(`balance after: ${formatAmount(after.balance, after.currency)}`);

  step(
    '10. Six hours later the access token has expired: the client refreshes once and rotates the refresh token',
  );
  const spent = (await store.get())?.refresh_token ?? '';
  mock.control.advanceTime(6 * 3_600_000);
  await monzo.balance.get(personal.id);
  check(mock.control.counters().grants.refresh_token === 1, 'exactly one refresh');
  const rotated = (await store.get())?.refresh_token;
  check(rotated && rotated !== spent, 'the rotated refresh token was saved');
  const replay = await refreshTokens({ ...credentials, apiUrl: mock.url, refreshToken: spent }).catch(
    (error: unknown) => error,
  );
  check(
    replay instanceof Error && 'loginRequired' in replay && replay.loginRequired,
    'a spent refresh token is refused',
  );
  show('refreshed once; the new refresh token is saved; replaying the old one is refused');

  step('11. Log out: the token is revoked and the file removed');
  await monzo.logout();
  check((await store.get()) === undefined, 'token file cleared');
  show('logged out');

  console.log('\n✔ demo complete');
} finally {
  await mock.close();
  await rm(folder, { recursive: true, force: true });
}
