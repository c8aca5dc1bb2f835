import { MonzoError, MonzoResponseParseError } from 'monzo-ts';
import { CliError } from '../errors.js';

/**
 * A change whose outcome is unknown (its answer was lost, cut or unreadable): the command says so, and what to
 * do next for that command, since a plain "retry" could make the change twice.
 */

/** True for an error of a call that changed something, or may have, though it failed. */
export function isOutcomeUnknown(error: unknown): error is MonzoError {
  return error instanceof MonzoError && error.outcomeUnknown && error.advice !== undefined;
}

/**
 * What happened, without the SDK's advice (it speaks of SDK calls: the command gives its own), and without the
 * first bytes of an unreadable answer, which only clutter a terminal.
 */
export function withoutAdvice(error: MonzoError): string {
  if (error instanceof MonzoResponseParseError) {
    const { method, path } = error.request;
    return `Monzo answered ${method} ${path} with status ${error.status}, but its answer could not be read (cut short, not the JSON expected, or too large): its outcome is unknown.`;
  }
  const { message, advice } = error;
  return advice && message.endsWith(advice) ? message.slice(0, -advice.length).trimEnd() : message;
}

/**
 * For `.catch` on a call that changes something: an outcome-unknown error becomes a `CliError` saying what may
 * have happened (`what`) and what to do (`hint`); any other error passes through.
 */
export function ifOutcomeUnknown(what: string, hint: string): (error: unknown) => never {
  return (error) => {
    if (isOutcomeUnknown(error)) throw new CliError(`${withoutAdvice(error)} ${what}`, hint);
    throw error;
  };
}

const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/** A command line a person can paste into a POSIX shell: words quoted only where they need it. */
export function commandLine(words: readonly string[]): string {
  return words.map((word) => (PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}
