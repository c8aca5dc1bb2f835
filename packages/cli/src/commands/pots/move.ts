import type { Command } from 'commander';
import {
  type Account,
  formatAmount,
  MonzoApiError,
  type MonzoClient,
  type MonzoError,
  type Pot,
} from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, InterruptedError, UsageError } from '../../errors.js';
import { output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { parseMoveAmount, precheckAmount } from '../../support/amount.js';
import { connect } from '../../support/client.js';
import { type GlobalOptions, globalsOf } from '../../support/globals.js';
import { commandLine, isOutcomeUnknown, withoutAdvice } from '../../support/outcome.js';
import { findPot } from '../../support/pot.js';
import { type Direction, isNegativeAmount, negativeAmount } from './negative-amount.js';

export type { Direction };

export const MOVE_HELP = `
POT is a pot's id (pot_…) or its name, in any case. AMOUNT is written as you would: 12.34, £12.34 or 12.
Zero, negative and over-precise amounts (1.234) are refused before anything is sent.
You are asked to confirm unless --yes: Enter alone answers no, Ctrl-C stops with nothing moved (exit 130).
Without a terminal (a script), --yes is required.
The move is sent with one dedupe id, so a retry after a dropped connection never moves the money twice. When
Monzo's answer is lost or unreadable, the money may or may not have moved: the error prints the command that
finishes the move, the same one with --dedupe-id ID, which Monzo makes at most once whether or not the first
one arrived.`;

export interface MoveOptions {
  yes?: boolean;
  dedupeId?: string;
}

/** What `deposit` and `withdraw` share: checks, confirmation, and the one call that moves the money. */
export async function movePot(
  direction: Direction,
  potQuery: string,
  amountText: string,
  options: MoveOptions,
  command: Command,
  context: CliContext,
): Promise<void> {
  // Everything that can be refused without the API is refused first, so that a mistake sends nothing.
  // Either word: commander passes a plain `-5` through as an argument, also before the pot (`deposit -5 Holiday`).
  const negative = [amountText, potQuery].find(isNegativeAmount);
  if (negative !== undefined) throw negativeAmount(direction, negative);
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
  const amount = parseMoveAmount(amountText, pot.currency, `the pot "${pot.name}"`);
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
  if (!options.yes && !(await askToMove(context, question))) {
    throw new CliError('cancelled: no money moved');
  }
  // One dedupe id for the call (resent by the SDK on every retry, and by the person with --dedupe-id when the
  // outcome was unknown): the money moves once.
  const dedupe_id = options.dedupeId ?? crypto.randomUUID();
  const updated = await (direction === 'deposit'
    ? client.pots.deposit(pot.id, { source_account_id: account.id, amount, dedupe_id })
    : client.pots.withdraw(pot.id, { destination_account_id: account.id, amount, dedupe_id })
  ).catch(async (error: unknown) => {
    if (isOutcomeUnknown(error)) {
      const again = { direction, pot, account, amountText, dedupeId: dedupe_id };
      throw unknownOutcome(error, finishingCommand(again, globals));
    }
    if (!isInsufficientFunds(error)) throw error;
    throw await shortfall(direction, { client, account, pot, shown });
  });
  const out = output(context);
  if (globals.json) return out.json(updated);
  const verb = direction === 'deposit' ? `Moved ${shown} into` : `Moved ${shown} out of`;
  out.text(
    `${verb} "${plain(updated.name)}"; it now holds ${formatAmount(updated.balance, updated.currency)}`,
  );
}

/** The person's answer; Ctrl-C ends the command (exit 130), saying that nothing moved. */
async function askToMove(context: CliContext, question: string): Promise<boolean> {
  try {
    return await context.confirm(question);
  } catch (error) {
    if (error instanceof InterruptedError) throw new InterruptedError('cancelled: no money moved');
    throw error;
  }
}

/** `locked until 2026-12-01`, `locked`, or nothing. */
export function lockStatus(pot: Pot): string {
  if (!pot.locked) return '';
  return pot.locked_until ? `locked until ${pot.locked_until.slice(0, 10)}` : 'locked';
}

/**
 * Monzo may or may not have moved the money: a plain "retry" would risk moving it twice with a new id. The way
 * on is the same command with this call's dedupe id, which finishes the move or finds it done.
 */
function unknownOutcome(error: MonzoError, command: string): CliError {
  return new CliError(
    `${withoutAdvice(error)} The money may or may not have moved.`,
    `to finish it safely, run: ${command}  (Monzo moves the money at most once per --dedupe-id, so this moves it only if the first did not; \`monzo pots\` shows where it stands)`,
  );
}

/**
 * The exact command that finishes this move: the pot and account by id (a name could come to mean another),
 * the amount as it was typed, and the API it went to, with no password.
 */
function finishingCommand(
  move: { direction: Direction; pot: Pot; account: Account; amountText: string; dedupeId: string },
  globals: GlobalOptions,
): string {
  const words = ['monzo'];
  if (globals.apiUrl !== undefined) words.push('--api-url', withoutPassword(globals.apiUrl));
  words.push('--account', move.account.id);
  if (globals.json) words.push('--json');
  words.push('pots', move.direction, move.pot.id, move.amountText, '--yes', '--dedupe-id', move.dedupeId);
  return commandLine(words);
}

function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (!parsed.password) return url;
  parsed.password = '***';
  return parsed.href;
}

function isInsufficientFunds(error: unknown): boolean {
  return error instanceof MonzoApiError && error.code.endsWith('insufficient_funds');
}

/**
 * "Not enough money", in pounds rather than Monzo's raw pence, with how much can be moved. For a deposit the
 * account's balance is read again (Monzo's error gives it only in its text); a withdrawal has the pot's.
 */
async function shortfall(
  direction: Direction,
  move: { client: MonzoClient; account: Account; pot: Pot; shown: string },
): Promise<CliError> {
  const { client, account, pot, shown } = move;
  if (direction === 'withdraw') {
    const held = formatAmount(pot.balance, pot.currency);
    return new CliError(
      `the pot "${pot.name}" holds ${held}, less than ${shown}: no money moved`,
      `withdraw at most ${held}`,
    );
  }
  const balance = await client.balance.get(account.id).catch(() => undefined);
  const available = balance ? formatAmount(balance.balance, balance.currency) : undefined;
  return new CliError(
    `not enough money in ${describeAccount(account)} to move ${shown}` +
      `${available ? ` (${available} available)` : ''}: no money moved`,
    available ? `move at most ${available} (see \`monzo balance\`)` : 'see `monzo balance`, then move less',
  );
}
