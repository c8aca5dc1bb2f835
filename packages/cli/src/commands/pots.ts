import type { Command } from 'commander';
import { formatAmount, type Pot } from 'monzo-ts';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { output } from '../output/output.js';
import { chooseAccount, describeAccount } from '../support/account.js';
import { parseMoveAmount, precheckAmount } from '../support/amount.js';
import { connect } from '../support/client.js';
import { globalsOf } from '../support/globals.js';
import { findPot } from '../support/pot.js';

const EXAMPLES = `
Examples:
  $ monzo pots
  $ monzo pots --account joint --json
  $ monzo pots deposit Holiday 25
  $ monzo pots withdraw "Rainy day" £12.34 --yes`;

const MOVE_HELP = `
POT is a pot's id (pot_…) or its name, in any case. AMOUNT is written as you would: 12.34, £12.34 or 12.
Zero, negative and over-precise amounts (1.234) are refused before anything is sent.
You are asked to confirm unless --yes; without a terminal (a script), --yes is required.
The move is sent with one dedupe id, so a retry after a dropped connection never moves the money twice.`;

type Direction = 'deposit' | 'withdraw';

/** `monzo pots` (list), `monzo pots deposit POT AMOUNT`, `monzo pots withdraw POT AMOUNT`. */
export function registerPots(program: Command, context: CliContext): void {
  const pots = program
    .command('pots')
    .description('list your pots, or move money into and out of them')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => listPots(command, context));
  for (const direction of ['deposit', 'withdraw'] as const) {
    pots
      .command(`${direction} <pot> <amount>`)
      .description(
        direction === 'deposit'
          ? 'move money from the account into a pot'
          : 'move money from a pot back to the account',
      )
      .option('-y, --yes', 'move the money without asking for confirmation')
      .addHelpText('after', `${MOVE_HELP}\n\nExample:\n  $ monzo pots ${direction} Holiday 25.00`)
      .action(async (pot: string, amount: string, options: { yes?: boolean }, command: Command) =>
        movePot(direction, pot, amount, options, command, context),
      );
  }
}

async function listPots(command: Command, context: CliContext): Promise<void> {
  const globals = globalsOf(command);
  const client = await connect(context, globals);
  const account = await chooseAccount(client, globals.account);
  const live = (await client.pots.list(account.id)).filter((pot) => !pot.deleted);
  const out = output(context);
  if (globals.json) return out.json(live);
  if (live.length === 0) return out.message(`no pots in ${describeAccount(account)}`);
  out.table(
    ['name', 'id', 'balance', 'goal', 'status'],
    live.map((pot) => [
      pot.name,
      pot.id,
      formatAmount(pot.balance, pot.currency),
      pot.goal_amount ? formatAmount(pot.goal_amount, pot.currency) : '',
      lockStatus(pot),
    ]),
    [2, 3],
  );
}

async function movePot(
  direction: Direction,
  potQuery: string,
  amountText: string,
  options: { yes?: boolean },
  command: Command,
  context: CliContext,
): Promise<void> {
  // Everything that can be refused without the API is refused first, so that a mistake sends nothing.
  precheckAmount(amountText);
  if (!options.yes && !context.terminal.stdinIsTTY) {
    throw new UsageError(
      `not moving money without confirmation, and there is no terminal to ask on; pass --yes`,
    );
  }
  const globals = globalsOf(command);
  const client = await connect(context, globals);
  const account = await chooseAccount(client, globals.account);
  const pot = findPot(await client.pots.list(account.id), potQuery, account);
  const amount = parseMoveAmount(amountText, pot.currency);
  const shown = formatAmount(amount, pot.currency);
  if (direction === 'withdraw' && pot.locked) {
    throw new CliError(
      `the pot "${pot.name}" is ${lockStatus(pot)}`,
      'withdraw once it unlocks, or from another pot',
    );
  }
  const question =
    direction === 'deposit'
      ? `Move ${shown} from ${describeAccount(account)} into the pot "${pot.name}"?`
      : `Move ${shown} from the pot "${pot.name}" to ${describeAccount(account)}?`;
  if (!options.yes && !(await context.confirm(question))) {
    throw new CliError('cancelled: no money moved');
  }
  // One call, so one dedupe id (the SDK makes it and resends it on every retry): the money moves once.
  const updated =
    direction === 'deposit'
      ? await client.pots.deposit(pot.id, { source_account_id: account.id, amount })
      : await client.pots.withdraw(pot.id, { destination_account_id: account.id, amount });
  const out = output(context);
  if (globals.json) return out.json(updated);
  const verb = direction === 'deposit' ? `Moved ${shown} into` : `Moved ${shown} out of`;
  out.data(`${verb} "${updated.name}"; it now holds ${formatAmount(updated.balance, updated.currency)}`);
}

function lockStatus(pot: Pot): string {
  if (!pot.locked) return '';
  return pot.locked_until ? `locked until ${pot.locked_until.slice(0, 10)}` : 'locked';
}
