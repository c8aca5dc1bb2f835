import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { MOVE_HELP, type MoveOptions, movePot } from './move.js';
import { refuseNegativeAmounts } from './negative-amount.js';

/** `monzo pots deposit POT AMOUNT`: move money from the account into a pot, once. */
export function registerPotsDeposit(pots: Command, context: CliContext): void {
  const move = pots
    .command('deposit <pot> <amount>')
    .description('move money from the account into a pot')
    .option('-y, --yes', 'move the money without asking for confirmation')
    .option('--dedupe-id <id>', 'finish a move whose outcome was unknown: Monzo moves money once per id')
    .addHelpText('after', `${MOVE_HELP}\n\nExample:\n  $ monzo pots deposit Holiday 25.00`)
    .action(async (pot: string, amount: string, options: MoveOptions, command: Command) =>
      movePot('deposit', pot, amount, options, command, context),
    );
  refuseNegativeAmounts(move, 'deposit');
}
