import { Argument, type Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';

const SHELLS = ['bash', 'zsh', 'fish'];

const EXAMPLES = `
The script completes commands, subcommands and options, the accounts --account takes, --format's formats, and
the pot names of the last \`monzo pots\` listing, which monzo keeps for it in XDG_CACHE_HOME/monzo/pot-names
(names only). It runs no monzo command while you type. Save it once, then source the file from your shell's
startup file (~/.bashrc, ~/.zshrc after compinit, ~/.config/fish/config.fish): a start of monzo per new shell
(\`source <(monzo completion bash)\`) works too, but costs every shell ~0.1 s.

Examples:
  $ monzo completion bash > ~/.monzo-completion.bash   # then in ~/.bashrc: source ~/.monzo-completion.bash
  $ monzo completion zsh > ~/.monzo-completion.zsh     # then in ~/.zshrc: source ~/.monzo-completion.zsh
  $ monzo completion fish > ~/.monzo-completion.fish   # then in config.fish: source ~/.monzo-completion.fish`;

/** `monzo completion bash|zsh|fish`: prints the shell's completion script. */
export function registerCompletion(program: Command, context: CliContext): void {
  program
    .command('completion')
    .description('print a completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', EXAMPLES)
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      // Every command's definition, to list them all: loaded here, never on an ordinary start.
      const [{ loadWholeProgram }, { describeProgram }, { completionScript }] = await Promise.all([
        import('../../load-program.js'),
        import('./model.js'),
        import('./scripts.js'),
      ]);
      const program = await loadWholeProgram(context);
      output(context).data(completionScript(shell, describeProgram(program)));
    });
}
