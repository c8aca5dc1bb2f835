import type { Command } from 'commander';
import { ALIASES } from '../../support/account.js';

/** What a word can be completed with: fixed words, files, account names, or the pot names of the last listing. */
export type Values = { words: string[] } | 'files' | 'accounts' | 'pots' | 'none';

/** One command as completion sees it, named by its path (`monzo pots deposit`). */
export interface CommandSpec {
  path: string;
  subcommands: string[];
  /** Every option it takes, its own and the global ones, long and short. */
  options: string[];
  /** The options that take a value, and what that value can be. */
  valued: Map<string, Values>;
  /** Its positional arguments in order; the last repeats when variadic. */
  args: Values[];
}

/** What `--account` takes besides an id: the short names and Monzo's own account types. */
export const ACCOUNT_WORDS = [...Object.keys(ALIASES), ...new Set(Object.values(ALIASES)), 'all'];

/** Every command of `program` (the whole tree), for a completion script. */
export function describeProgram(program: Command): CommandSpec[] {
  const globals = program.options.filter((option) => !option.hidden);
  const specs: CommandSpec[] = [];
  const visit = (command: Command, path: string, isRoot: boolean) => {
    const own = command.options.filter((option) => !option.hidden);
    const options = isRoot ? own : [...own, ...globals];
    const valued = new Map<string, Values>();
    for (const option of options) {
      if (!option.required && !option.optional) continue;
      for (const flag of [option.long, option.short]) if (flag) valued.set(flag, valuesOf(option));
    }
    const subcommands = command.commands.map((sub) => sub.name());
    specs.push({
      path,
      subcommands: subcommands.length > 0 ? [...subcommands, 'help'] : [],
      options: [
        ...options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => !!flag)),
        '--help',
        '-h',
      ],
      valued,
      args: command.registeredArguments.map((argument) =>
        argument.name() === 'pot'
          ? 'pots'
          : argument.argChoices
            ? { words: [...argument.argChoices] }
            : 'none',
      ),
    });
    // `monzo help pots`, `monzo pots help deposit`: the help command takes a subcommand's name.
    if (subcommands.length > 0)
      specs.push({
        path: `${path} help`,
        subcommands: [],
        options: [],
        valued: new Map(),
        args: [{ words: subcommands }],
      });
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`, false);
  };
  visit(program, program.name(), true);
  return specs;
}

function valuesOf(option: Command['options'][number]): Values {
  if (option.long === '--account') return 'accounts';
  if (option.argChoices) return { words: [...option.argChoices] };
  if (option.long === '--out' || option.long === '--db') return 'files';
  return 'none';
}
