import { type Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { holdParseErrors, jsonAsked, reportError } from './error-report.js';
import { EXIT, explain } from './errors.js';
import { helpOf, loadProgram } from './load-program.js';
import { globalsOf } from './support/globals.js';

/** Runs `monzo` with `argv` (without the node and script paths) and resolves to the exit code. */
export async function run(argv: string[], context: CliContext): Promise<number> {
  const program = await loadProgram(context, argv);
  // The command whose action runs, so that a usage error points to its own help.
  let running: Command | undefined;
  program.hook('preAction', (_, action) => {
    running = action;
  });
  // With --json a failure is printed as JSON, commander's own usage errors too.
  const parseFailure = jsonAsked(argv) ? holdParseErrors(program) : undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits too; commander has already printed what it had to say. So it has for a
      // command that needs a subcommand (`monzo webhooks`): its help, on stderr.
      if (error.exitCode === 0) return EXIT.ok;
      const failing = parseFailure?.();
      if (parseFailure && error.code !== 'commander.help') {
        const reason = error.message.replace(/^error: /, '');
        const hint = `see \`${helpOf(failing ?? program)}\``;
        reportError(context, error, { exitCode: EXIT.usage, reason, hint }, true);
      }
      return EXIT.usage;
    }
    // Here, not at the top: it holds the SDK's client, which `--help` and `--version` never need.
    const { tokenSourceOf } = await import('./support/client.js');
    const explained = explain(error, {
      help: helpOf(running ?? program),
      token: tokenSourceOf(context),
    });
    // Once the options are parsed, their value says; `--json` given as another option's value is not asked.
    const json = running ? globalsOf(running).json === true : jsonAsked(argv);
    reportError(context, error, explained, json);
    return explained.exitCode;
  }
}
