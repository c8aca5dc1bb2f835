import { type Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { EXIT, explain } from './errors.js';
import { helpOf, loadProgram } from './load-program.js';
import { colorsFor } from './output/output.js';
import { plainLines } from './output/plain.js';

/** Runs `monzo` with `argv` (without the node and script paths) and resolves to the exit code. */
export async function run(argv: string[], context: CliContext): Promise<number> {
  const program = await loadProgram(context, argv);
  // The command whose action runs, so that a usage error points to its own help.
  let running: Command = program;
  program.hook('preAction', (_, action) => {
    running = action;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits too; commander has already printed what it had to say.
      if (error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    // Here, not at the top: it holds the SDK's client, which `--help` and `--version` never need.
    const { tokenSourceOf } = await import('./support/client.js');
    const { exitCode, reason, hint } = explain(error, {
      help: helpOf(running),
      token: tokenSourceOf(context),
    });
    const colors = colorsFor(context, 'stderr');
    // A reason may quote the server (a message, a description): it is shown, never obeyed by the terminal.
    context.terminal.stderr.write(`${colors.red('error:')} ${plainLines(reason)}\n`);
    if (hint) context.terminal.stderr.write(`${colors.dim('→')} ${plainLines(hint)}\n`);
    return exitCode;
  }
}
