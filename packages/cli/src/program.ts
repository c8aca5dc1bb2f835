import type { Command } from 'commander';
import { commands } from './commands/index.js';
import type { CliContext } from './context.js';
import { pointToHelpAfterErrors, rootProgram } from './root-program.js';

export { helpOf } from './root-program.js';

/**
 * The `monzo` command with every subcommand defined, writing to the injected terminal. `monzo` itself defines
 * only the one it runs (see `loadProgram`); this whole tree is for what needs all of it at once.
 */
export function createProgram(context: CliContext): Command {
  const program = rootProgram(context);
  for (const register of commands) register(program, context);
  return pointToHelpAfterErrors(program);
}
