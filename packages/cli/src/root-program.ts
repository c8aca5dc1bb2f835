import { Command, Help } from 'commander';
import type { CliContext } from './context.js';
import { ROOT } from './root-command.js';
import { formatRootHelp, helpWidthOf } from './root-help.js';

/**
 * The `monzo` command itself: its options, version and help, without any subcommand. Its help is written by
 * `formatRootHelp`, the same function that answers `monzo --help` before commander is loaded (`answerFromRoot`);
 * the help of a subcommand is commander's own.
 */
export function rootProgram(context: CliContext): Command {
  const program = new Command(ROOT.name).description(ROOT.description).version(ROOT.version);
  for (const { flags, description } of ROOT.options) program.option(flags, description);
  program
    .configureHelp({
      // Each command's help lists these too: its examples use them (`monzo mock --json`, `--account joint`).
      showGlobalOptions: true,
      // Inherited by every subcommand, which keeps commander's layout.
      formatHelp(this: Help, command: Command, helper: Help) {
        return command.parent
          ? Help.prototype.formatHelp.call(this, command, helper)
          : formatRootHelp(helper.helpWidth ?? 80);
      },
    })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.terminal.stdout.write(text),
      writeErr: (text) => context.terminal.stderr.write(text),
      // As commander's defaults, by the rule the answer before commander uses too.
      getOutHelpWidth: () => helpWidthOf(process.stdout),
      getErrHelpWidth: () => helpWidthOf(process.stderr),
    });
  program.addHelpText('after', ROOT.afterHelp);
  return program;
}

/** A mistake commander finds itself (an unknown option, a missing argument) points to the command's own help. */
export function pointToHelpAfterErrors(program: Command): Command {
  for (const command of [program, ...descendants(program)])
    command.showHelpAfterError(`→ see \`${helpOf(command)}\``);
  return program;
}

/** `monzo pots deposit --help`: how to get the help of `command`. */
export function helpOf(command: Command): string {
  const words: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) words.unshift(at.name());
  return `${words.join(' ')} --help`;
}

function descendants(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...descendants(sub)]);
}
