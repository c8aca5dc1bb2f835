import {
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  MonzoConfigError,
  MonzoError,
  MonzoPaginationError,
  MonzoRateLimitError,
  MonzoRedirectError,
  MonzoScaWindowError,
  MonzoValidationError,
} from 'monzo-ts';
import { EXIT } from './exit-codes.js';
import { nextStepFor } from './next-step.js';
import { maskUrlCredentials } from './support/credentials.js';

export { EXIT };

/** The command was called wrongly: exit 2, with what to do instead (by default: see the command's help). */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A failure the user can act on: exit 1, the reason, and what to do next. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The person pressed Ctrl-C (at a question): exit 130, saying what was not done. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export interface Explained {
  exitCode: number;
  /** One line: what went wrong. */
  reason: string;
  /** One line: what to do next, when there is something to do. */
  hint?: string;
}

/** What is known of the command that failed, to tailor the advice. */
export interface FailedCommand {
  /** How to get its help (`monzo pots deposit --help`), where a usage error points. */
  help?: string;
  /** Where its token came from: a refused `MONZO_ACCESS_TOKEN` is not fixed by `monzo login` alone. */
  token?: 'login' | 'environment' | undefined;
}

/** Turns any error into an exit code and one line of reason plus one of advice. Never includes a secret. */
export function explain(error: unknown, command: FailedCommand = {}): Explained {
  const explained = explainError(error, command);
  // Whatever the message quotes, a password in a URL (`--api-url http://user:pass@…`) is not shown.
  explained.reason = maskUrlCredentials(explained.reason);
  if (explained.hint !== undefined) explained.hint = maskUrlCredentials(explained.hint);
  return explained;
}

function explainError(error: unknown, command: FailedCommand): Explained {
  if (error instanceof UsageError || error instanceof MonzoValidationError) {
    const hint = (error instanceof UsageError && error.hint) || `see \`${command.help ?? 'monzo --help'}\``;
    return { exitCode: EXIT.usage, reason: error.message, hint };
  }
  if (error instanceof CliError) return withHint(EXIT.failure, error.message, error.hint);
  if (error instanceof InterruptedError) return { exitCode: EXIT.interrupted, reason: error.message };
  if (error instanceof MonzoConfigError) {
    return {
      exitCode: EXIT.usage,
      reason: error.problems.join('; '),
      hint: 'fix the MONZO_* settings (environment or .env)',
    };
  }
  if (error instanceof MonzoApprovalRequiredError) {
    return {
      exitCode: EXIT.failure,
      reason: 'this login is not approved yet',
      hint: 'approve this login in the Monzo app, then retry',
    };
  }
  if (error instanceof MonzoAuthenticationError && error.loginRequired && command.token === 'environment') {
    return {
      exitCode: EXIT.failure,
      reason: 'Monzo refused the MONZO_ACCESS_TOKEN from the environment (expired, revoked or mistyped)',
      hint: 'set a valid token, or unset MONZO_ACCESS_TOKEN and run `monzo login`',
    };
  }
  if (error instanceof MonzoAuthenticationError && error.loginRequired) {
    return {
      exitCode: EXIT.failure,
      reason: 'the login has expired or was revoked',
      hint: 'run `monzo login`',
    };
  }
  if (error instanceof MonzoScaWindowError) {
    return {
      exitCode: EXIT.failure,
      reason: 'Monzo only gives the full history in the 5 minutes after a login; now only the last 90 days',
      hint:
        'add --offline to read the local history that `monzo sync` keeps, pass --since within the last 90 days, ' +
        'or run `monzo login` and try again at once',
    };
  }
  if (error instanceof MonzoRateLimitError) {
    const wait = error.retryAfter ? ` (Monzo asks to wait ${Math.ceil(error.retryAfter / 1000)} s)` : '';
    return {
      exitCode: EXIT.failure,
      reason: `rate limited by Monzo${wait}`,
      hint: 'wait a little, then retry',
    };
  }
  // A change that may have been made: "check the connection, then retry" could make it twice.
  if (error instanceof MonzoError && error.outcomeUnknown && error.advice !== undefined) {
    return {
      exitCode: EXIT.failure,
      reason: error.message,
      hint: 'check whether it took effect before running the command again',
    };
  }
  if (error instanceof MonzoRedirectError || error instanceof MonzoPaginationError) {
    return {
      exitCode: EXIT.failure,
      reason: error.message,
      hint: 'check --api-url (or MONZO_API_URL): it does not answer as Monzo’s API does',
    };
  }
  if (error instanceof MonzoError) {
    return withHint(EXIT.failure, error.message, nextStepFor(error, command.help));
  }
  return { exitCode: EXIT.failure, reason: error instanceof Error ? error.message : String(error) };
}

function withHint(exitCode: number, reason: string, hint: string | undefined): Explained {
  return hint ? { exitCode, reason, hint } : { exitCode, reason };
}
