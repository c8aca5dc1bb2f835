/**
 * Rounds each recent card payment up to the pound and moves the spare change into a pot:
 *
 *   npx tsx sweep.ts --pot Savings [--days 7 | --since DATE] [--dry-run]
 *
 * A payment's round-up moves once however often this runs: the deposit's dedupe_id is made from the payment's
 * id, so Monzo never moves it twice, and the payment is then annotated, so later runs skip it. Exit codes: 0 done,
 * 1 failed (run it again: nothing moves twice), 2 bad usage, 3 a person must log in again or approve the login.
 */
import { parseArgs } from 'node:util';
import {
  formatAmount,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoConfigError,
  MonzoScaWindowError,
} from 'monzo-ts';
import { clientFromSavedLogin } from './login.js';
import { roundUp } from './round-up.js';

const EXIT = { done: 0, failed: 1, usage: 2, loginNeeded: 3 } as const;
/** Set on each payment once its round-up moved: a metadata key Monzo keeps with the transaction. */
const SWEPT = 'pot_sweeper_round_up';

class UsageError extends Error {}

function windowStart(days: string, since: string | undefined): Date {
  if (since !== undefined) {
    const date = new Date(since);
    if (Number.isNaN(date.getTime()))
      throw new UsageError(`--since must be a date, got ${JSON.stringify(since)}`);
    return date;
  }
  // Monzo serves only the last 90 days to a login approved more than 5 minutes ago.
  if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 89) {
    throw new UsageError(`--days must be a whole number from 1 to 89, got ${JSON.stringify(days)}`);
  }
  return new Date(Date.now() - Number(days) * 86_400_000);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      pot: { type: 'string' },
      days: { type: 'string', default: '7' },
      since: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.pot) throw new UsageError('--pot NAME (or pot id) is required');
  const since = windowStart(values.days, values.since);
  const dryRun = values['dry-run'];

  const monzo = clientFromSavedLogin();
  const account = await monzo.accounts.findByType('uk_retail');
  if (!account) throw new Error('there is no open personal account');
  const pots = (await monzo.pots.list(account.id)).filter((pot) => !pot.deleted);
  const pot = pots.find((candidate) => candidate.id === values.pot || candidate.name === values.pot);
  if (!pot) {
    throw new UsageError(
      `no pot is called ${values.pot}; the pots are ${pots.map((p) => p.name).join(', ')}`,
    );
  }

  let payments = 0;
  let total = 0;
  let potBalance = pot.balance;
  const transactions = monzo.transactions.iterate({ account_id: account.id, since, expand: ['merchant'] });
  for await (const payment of transactions) {
    const pence = roundUp(payment);
    if (pence === 0 || payment.metadata[SWEPT] !== undefined) continue;
    const line = `${payment.merchant?.name ?? payment.description} ${formatAmount(payment.amount, payment.currency)}: ${formatAmount(pence, 'GBP')}`;
    if (!dryRun) {
      // Should this run stop between these two calls, the next one sends the same dedupe_id: no second move.
      const after = await monzo.pots.deposit(pot.id, {
        source_account_id: account.id,
        amount: pence,
        dedupe_id: `round-up-${payment.id}`,
      });
      potBalance = after.balance;
      await monzo.transactions.annotate(payment.id, { [SWEPT]: String(pence) });
    }
    console.log(`${dryRun ? 'would round up' : 'rounded up'} ${line}`);
    payments++;
    total += pence;
  }

  const from = `${formatAmount(total, 'GBP')} from ${payments} payment${payments === 1 ? '' : 's'}`;
  if (payments === 0) console.log('Nothing to round up.');
  else if (dryRun) console.log(`Dry run: ${from} would go into ${pot.name}.`);
  else console.log(`${from}: ${pot.name} now holds ${formatAmount(potBalance, pot.currency)}.`);
  return EXIT.done;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // SDK errors never carry a token, so their message is safe to print.
    console.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError || error instanceof MonzoConfigError) process.exit(EXIT.usage);
    const loginNeeded =
      (error instanceof MonzoAuthenticationError && error.loginRequired) ||
      error instanceof MonzoApprovalRequiredError ||
      error instanceof MonzoScaWindowError;
    process.exit(loginNeeded ? EXIT.loginNeeded : EXIT.failed);
  },
);
