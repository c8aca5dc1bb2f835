import type { Command } from 'commander';
import { formatAmount } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { rememberPotNames } from '../../support/pot-names.js';
import { lockStatus } from './move.js';

/** `monzo pots list`: the same as `monzo pots` alone. */
export function registerPotsList(pots: Command, context: CliContext): void {
  pots
    .command('list')
    .description('list the pots of the account (what `monzo pots` alone does)')
    .addHelpText('after', '\nExample:\n  $ monzo pots list --json')
    .action(async (_options: unknown, command: Command) => listPots(command, context));
}

/** Prints the pots of the account that are not deleted. */
export async function listPots(command: Command, context: CliContext): Promise<void> {
  const globals = globalsOf(command);
  const client = await connect(context, globals);
  const account = await chooseAccount(client, globals.account);
  const live = (await client.pots.list(account.id)).filter((pot) => !pot.deleted);
  await rememberPotNames(context, live);
  const out = output(context);
  if (globals.json) return out.json(live);
  if (live.length === 0) return out.message(`no pots in ${describeAccount(account)}`);
  out.table(
    ['name', 'id', 'balance', 'goal', 'status'],
    live.map((pot) => [
      plain(pot.name),
      pot.id,
      formatAmount(pot.balance, pot.currency),
      pot.goal_amount ? formatAmount(pot.goal_amount, pot.currency) : '',
      lockStatus(pot),
    ]),
    [2, 3],
  );
}
