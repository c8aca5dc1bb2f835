import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { MOVE_HELP, type MoveOptions, movePot } from './move.js';
import { refuseNegativeAmounts } from './negative-amount.js';

/** `monzo pots withdraw POT AMOUNT`: move money from a pot back to the account, once. */
export function registerPotsWithdraw(pots: Command, context: CliContext): void {
  const move = pots
    .command('withdraw <pot> <amount>')
    .description('move money from a pot back to the account')
    .option('-y, --yes', 'move the money without asking for confirmation')
    .option('--dedupe-id <id>', 'finish a move whose outcome was unknown: Monzo moves money once per id')
    .addHelpText('after', `${MOVE_HELP}\n\nExample:\n  $ monzo pots withdraw Holiday 25.00`)
    .action(async (pot: string, amount: string, options: MoveOptions, command: Command) =>
      movePot('withdraw', pot, amount, options, command, context),
    );
  refuseNegativeAmounts(move, 'withdraw');
}
