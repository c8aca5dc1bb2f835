import { type Command, CommanderError } from 'commander';
import { MonzoApiError, MonzoError } from 'monzo-ts';
import type { CliContext } from './context.js';
import type { Explained } from './errors.js';
import { colorsFor } from './output/output.js';
import { plainLines } from './output/plain.js';

/** What `--json` prints on stderr when a command fails: one line a script can parse, never a secret. */
export interface ErrorDocument {
  error: {
    /** The kind of failure: the SDK's error type (`MonzoNotFoundError`…), `UsageError`, `CliError`… */
    type: string;
    message: string;
    /** What to do next, when there is something to do. */
    next_step?: string;
    exit_code: number;
    /** For an error Monzo answered with: its HTTP status and its own code (`not_found.pot`). */
    status?: number;
    code?: string;
  };
}

/** The failure on stderr: `error: …` and `→ next step` for a person, or one JSON line with `--json`. */
export function reportError(context: CliContext, error: unknown, explained: Explained, json: boolean): void {
  const { reason, hint } = explained;
  const { stderr } = context.terminal;
  if (json) {
    stderr.write(`${JSON.stringify(errorDocument(error, explained))}\n`);
    return;
  }
  const colors = colorsFor(context, 'stderr');
  // A reason may quote the server (a message, a description): it is shown, never obeyed by the terminal.
  stderr.write(`${colors.red('error:')} ${plainLines(reason)}\n`);
  if (hint) stderr.write(`${colors.dim('→')} ${plainLines(hint)}\n`);
}

/** The JSON form of a failure: its message and advice as explained (secrets already masked), and its kind. */
export function errorDocument(error: unknown, explained: Explained): ErrorDocument {
  const document: ErrorDocument['error'] = {
    type: typeOf(error),
    message: explained.reason,
    ...(explained.hint ? { next_step: explained.hint } : {}),
    exit_code: explained.exitCode,
  };
  if (error instanceof MonzoApiError) {
    document.status = error.status;
    document.code = error.code;
  }
  return { error: document };
}

function typeOf(error: unknown): string {
  if (error instanceof MonzoError) return error.type;
  if (error instanceof CommanderError) return 'UsageError';
  return error instanceof Error ? error.name : 'Error';
}

/** True when `--json` is among the options (before a `--` that ends them), for errors found while parsing. */
export function jsonAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/**
 * With `--json`, commander's own errors (an unknown option, a missing argument) are not printed as text: the
 * caller prints them as JSON. Returns the command that last reported one, whose help the advice points to.
 */
export function holdParseErrors(program: Command): () => Command | undefined {
  let failing: Command | undefined;
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) {
    command.showHelpAfterError(false);
    command.configureOutput({
      ...command.configureOutput(),
      outputError: () => {
        failing = command;
      },
    });
  }
  return () => failing;
}
