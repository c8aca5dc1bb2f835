import type { Command } from 'commander';
import { UsageError } from '../../errors.js';

/** The two ways money moves between an account and a pot. */
export type Direction = 'deposit' | 'withdraw';

/** `-5`, `-£5`, `- 12.34`, `-5 GBP`, `-GBP 5`: an amount with a minus sign in front. */
export function isNegativeAmount(text: string): boolean {
  return /^-\s*(?:[£€$¥]\s*|[A-Za-z]{3}\s*)?\d/.test(text.trim());
}

/**
 * What a negative amount says: amounts are positive, the command names the way the money goes, so a person who
 * typed `deposit -£5` meant `withdraw £5` (or a typo). Nothing is sent.
 */
export function negativeAmountMessage(direction: Direction, text: string): string {
  const other = direction === 'deposit' ? 'withdraw' : 'deposit';
  const purpose = direction === 'deposit' ? 'to take money out of a pot' : 'to put money into a pot';
  const positive = text.trim().replace(/^-\s*/, '');
  return (
    `${JSON.stringify(text)} is negative, and amounts are positive: \`monzo pots ${direction}\` moves money ` +
    `${direction === 'deposit' ? 'into' : 'out of'} the pot; ${purpose}, use \`monzo pots ${other} POT ${positive}\``
  );
}

/** The refusal of a negative amount that reached the command as its argument (`-5`, which commander passes). */
export function negativeAmount(direction: Direction, text: string): UsageError {
  return new UsageError(negativeAmountMessage(direction, text));
}

/**
 * Commander takes `-£5` for an unknown option (only plain numbers such as `-5` pass as arguments) and says
 * "unknown option": this command says what it is instead, with the same exit code and help pointer as any
 * usage mistake commander finds.
 */
export function refuseNegativeAmounts(command: Command, direction: Direction): Command {
  const parse = command.parseOptions.bind(command);
  command.parseOptions = (args: string[]) => {
    const parsed = parse(args);
    const first = parsed.unknown[0];
    if (first !== undefined && isNegativeAmount(first)) {
      command.error(`error: ${negativeAmountMessage(direction, first)}`, {
        exitCode: 2,
        code: 'monzo.negativeAmount',
      });
    }
    return parsed;
  };
  return command;
}
