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
    .option(INCLUDE_DELETED.flags, INCLUDE_DELETED.description)
    .addHelpText('after', '\nExample:\n  $ monzo pots list --json')
    .action(async (_options: unknown, command: Command) => listPots(command, context));
}

/** `--include-deleted`, on `monzo pots` and on `monzo pots list`. */
export const INCLUDE_DELETED = {
  flags: '--include-deleted',
  description: 'list deleted pots too (Monzo keeps them, empty, with "deleted": true)',
} as const;

/**
 * Prints the pots of the account: those not deleted, or all with `--include-deleted`. The table and `--json`
 * show the same pots, and either way a note on stderr says how many deleted ones were left out.
 */
export async function listPots(command: Command, context: CliContext): Promise<void> {
  const globals = globalsOf(command);
  const includeDeleted = command.optsWithGlobals<{ includeDeleted?: boolean }>().includeDeleted === true;
  const client = await connect(context, globals);
  const account = await chooseAccount(client, globals.account);
  const all = await client.pots.list(account.id);
  const shown = includeDeleted ? all : all.filter((pot) => !pot.deleted);
  await rememberPotNames(
    context,
    all.filter((pot) => !pot.deleted),
  );
  const out = output(context);
  if (globals.json) out.json(shown);
  else if (shown.length === 0) out.message(`no pots in ${describeAccount(account)}`);
  else {
    out.table(
      ['name', 'id', 'balance', 'goal', 'status'],
      shown.map((pot) => [
        plain(pot.name),
        pot.id,
        formatAmount(pot.balance, pot.currency),
        pot.goal_amount ? formatAmount(pot.goal_amount, pot.currency) : '',
        pot.deleted ? 'deleted' : lockStatus(pot),
      ]),
      [2, 3],
    );
  }
  const hidden = all.length - shown.length;
  if (hidden > 0) out.message(hiddenNote(hidden));
}

/** The note that deleted pots were left out, and how to see them. */
export function hiddenNote(count: number): string {
  const pots = count === 1 ? '1 deleted pot is' : `${count} deleted pots are`;
  return `${pots} not shown; --include-deleted lists ${count === 1 ? 'it' : 'them'}`;
}
