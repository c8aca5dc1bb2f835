import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockOptions } from '@monzo-ts/mock';
import type { Command } from 'commander';
import {
  createAuthorizationRequest,
  type ExpandedTransaction,
  exchangeCode,
  FileTokenStore,
  formatAmount,
  MonzoApprovalRequiredError,
  MonzoClient,
  refreshTokens,
} from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { colorsFor, type OutputStream, output } from '../../output/output.js';
import { globalsOf } from '../../support/globals.js';
import { potLabelsFor, transactionLabel } from '../../support/pot.js';

const EXAMPLES = `
Runs against an emulator started in this process on loopback: your Monzo account is never touched. Each step's
outcome is checked; the exit code is 1 if one is wrong.

Examples:
  $ monzo demo
  $ monzo demo --json   # the steps on stderr, {"ok": true, "checks": [...]} on stdout`;

/** `monzo demo`: the whole flow (log in, approve, read, move money once, refresh, log out) against the emulator. */
export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('run the whole flow against an in-process Monzo emulator, checking each step')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const out = output(context);
      // With --json the narrative goes to stderr, so that stdout holds one JSON document.
      const checks = globals.json
        ? await runDemo(context, out.message, {}, 'stderr')
        : await runDemo(context, out.data, {}, 'stdout');
      if (globals.json) out.json({ ok: true, checks });
    });
}

/**
 * The demo itself: `say` prints a line on `stream`, `mockOptions` tune the emulator (a test makes a check fail
 * with them).
 * Resolves to the checks that passed; throws a `CliError` naming the first that failed.
 */
export async function runDemo(
  context: CliContext,
  say: (text: string) => void,
  mockOptions: MockOptions = {},
  stream: OutputStream = 'stdout',
): Promise<string[]> {
  // The emulator's code is loaded when the demo runs: every other command (and `--help`) starts without it.
  const { startMockServer, submitConsent } = await import('@monzo-ts/mock');
  const colors = colorsFor(context, stream);
  const passed: string[] = [];
  const step = (text: string) => say(`\n${colors.bold(`▸ ${text}`)}`);
  const show = (text: string) => say(`  ${text}`);
  function check(condition: unknown, what: string): asserts condition {
    if (!condition)
      throw new CliError(`demo check failed: ${what}`, 'this is a bug in monzo-ts: please report it');
    passed.push(what);
  }

  const redirectUri = 'http://127.0.0.1:8080/callback';
  const mock = await startMockServer({
    seed: 42,
    transactions: 500,
    redirectUris: [redirectUri],
    ...mockOptions,
  });
  const folder = await mkdtemp(join(tmpdir(), 'monzo-demo-'));
  try {
    const credentials = { clientId: mock.clientId, clientSecret: mock.clientSecret };
    say(`Monzo emulator at ${mock.url}`);

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
    const total = formatAmount(before.total_balance, before.currency);
    show(`${formatAmount(before.balance, before.currency)} (with pots ${total})`);

    step('7. Pots');
    const pots = (await monzo.pots.list(personal.id)).filter((pot) => !pot.deleted);
    for (const pot of pots) {
      show(
        `${pot.name.padEnd(16)} ${formatAmount(pot.balance, pot.currency)}${pot.locked ? '  (locked)' : ''}`,
      );
    }
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
    // Labelled as `monzo transactions` labels them: a move to or from a pot by the pot's name.
    const potNames = await potLabelsFor(latest, () => monzo.pots.list(personal.id));
    for (const tx of latest) {
      const name = transactionLabel(tx, potNames);
      const amount = formatAmount(tx.amount, tx.currency).padStart(10);
      show(`${tx.created.slice(0, 10)}  ${amount}  ${name}${tx.settled ? '' : '  (pending)'}`);
    }

    step('9. £5.00 into a pot, exactly once: the same dedupe_id sent twice moves the money once');
    const dedupe_id = crypto.randomUUID();
    const moved = await monzo.pots.deposit(pot.id, {
      source_account_id: personal.id,
      amount: 500,
      dedupe_id,
    });
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

    say(`\n${colors.green('✔')} demo complete`);
    return passed;
  } finally {
    await mock.close();
    await rm(folder, { recursive: true, force: true });
  }
}
