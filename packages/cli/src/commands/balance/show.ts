import type { Command } from 'commander';
import { formatAmount } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';

const EXAMPLES = `
Examples:
  $ monzo balance
  $ monzo balance --account joint
  $ monzo balance --json | jq .balance     # minor units (pence)`;

/** `monzo balance`: the balance of one account, its total with pots, and today's spending. */
export function registerBalance(program: Command, context: CliContext): void {
  program
    .command('balance')
    .description('show the balance of an account (the open personal one unless --account says)')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const account = await chooseAccount(client, globals.account);
      const balance = await client.balance.get(account.id);
      const out = output(context);
      if (globals.json) return out.json({ ...balance, account_id: account.id });
      const money = (amount: number) => formatAmount(amount, balance.currency);
      const rows: [string, string][] = [
        ['account', describeAccount(account)],
        ['balance', money(balance.balance)],
        ['total with pots', money(balance.total_balance)],
        ['spent today', money(balance.spend_today)],
      ];
      out.text(rows.map(([label, value]) => `${label.padEnd(16)} ${value}`).join('\n'));
    });
}
