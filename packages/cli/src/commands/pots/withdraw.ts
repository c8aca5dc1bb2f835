import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { MOVE_HELP, movePot } from './move.js';

/** `monzo pots withdraw POT AMOUNT`: move money from a pot back to the account, once. */
export function registerPotsWithdraw(pots: Command, context: CliContext): void {
  pots
    .command('withdraw <pot> <amount>')
    .description('move money from a pot back to the account')
    .option('-y, --yes', 'move the money without asking for confirmation')
    .addHelpText('after', `${MOVE_HELP}\n\nExample:\n  $ monzo pots withdraw Holiday 25.00`)
    .action(async (pot: string, amount: string, options: { yes?: boolean }, command: Command) =>
      movePot('withdraw', pot, amount, options, command, context),
    );
}
