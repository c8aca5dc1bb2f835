import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerPotsDeposit } from './deposit.js';
import { INCLUDE_DELETED, listPots, registerPotsList } from './list.js';
import { registerPotsWithdraw } from './withdraw.js';

const EXAMPLES = `
Examples:
  $ monzo pots
  $ monzo pots --account joint --json
  $ monzo pots deposit Holiday 25
  $ monzo pots withdraw Savings £12.34 --yes`;

/** `monzo pots` (the list), `monzo pots list`, `monzo pots deposit POT AMOUNT`, `monzo pots withdraw POT AMOUNT`. */
export function registerPots(program: Command, context: CliContext): void {
  const pots = program
    .command('pots')
    .description('list your pots, or move money into and out of them')
    .option(INCLUDE_DELETED.flags, INCLUDE_DELETED.description)
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => listPots(command, context));
  registerPotsList(pots, context);
  registerPotsDeposit(pots, context);
  registerPotsWithdraw(pots, context);
}
