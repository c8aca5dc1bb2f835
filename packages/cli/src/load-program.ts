import type { Command } from 'commander';
import { nameOf } from './commands/catalogue.js';
import { type CatalogueEntry, commandEntries } from './commands/loaders.js';
import type { CliContext } from './context.js';
import { pointToHelpAfterErrors, rootProgram } from './root-program.js';

export { helpOf } from './root-program.js';

/**
 * The `monzo` program ready to parse `argv`, with only the command that `argv` runs (or asks help for) defined in
 * full and its code loaded; every other command is its name and description, and nothing more. So `monzo
 * balance` loads the code of `balance` alone, and `--help` and `--version` load none. What commander then prints
 * or runs is what the whole program (`createProgram`) would.
 */
export async function loadProgram(
  context: CliContext,
  argv: readonly string[],
  entries: readonly CatalogueEntry[] = commandEntries,
): Promise<Command> {
  const wanted = commandNamed(context, argv, entries);
  const program = rootProgram(context);
  // The root's help is written from the catalogue (`formatRootHelp`): a command not loaded needs only its name.
  for (const entry of entries) {
    const name = nameOf(entry);
    if (name === wanted) (await entry.load())(program, context);
    else program.command(name).description(entry.description);
  }
  return pointToHelpAfterErrors(program);
}

/** The `monzo` program with every command defined, each loaded: for what lists them all (`monzo completion`). */
export async function loadWholeProgram(context: CliContext): Promise<Command> {
  const program = rootProgram(context);
  for (const entry of commandEntries) (await entry.load())(program, context);
  return pointToHelpAfterErrors(program);
}

/**
 * The command commander will dispatch `argv` to, found as commander finds it (the root's options and their values
 * skipped, `help NAME` meaning NAME); none when `argv` has none, or a mistake commander will report at the root.
 */
function commandNamed(
  context: CliContext,
  argv: readonly string[],
  entries: readonly CatalogueEntry[],
): string | undefined {
  // A throwaway program, silenced: `--version` or a missing option value are printed by the real parse, once.
  const probe = rootProgram(context).configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const entry of entries) probe.command(nameOf(entry));
  try {
    const [first, second] = probe.parseOptions([...argv]).operands;
    return first === 'help' ? second : first;
  } catch {
    return undefined;
  }
}
