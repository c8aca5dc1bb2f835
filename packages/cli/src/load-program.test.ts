import { CommanderError, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { capturedContext } from '../test/context.js';
import { catalogue, nameOf } from './commands/catalogue.js';
import { commands } from './commands/index.js';
import { type CatalogueEntry, commandEntries, loaders } from './commands/loaders.js';
import { loadProgram } from './load-program.js';
import { createProgram } from './program.js';
import { rootProgram } from './root-program.js';
import { run } from './run.js';

const ENV = { HOME: '/nonexistent', NO_COLOR: '1' };

/** What the whole program (every command defined) prints and exits with for `argv`, commander alone. */
async function wholeProgram(argv: string[]) {
  const { context, captured } = capturedContext(ENV);
  let code = 0;
  try {
    await createProgram(context).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? 0 : 2;
  }
  return { code, ...captured };
}

async function monzo(argv: string[]) {
  const { context, captured } = capturedContext(ENV);
  const code = await run(argv, context);
  return { code, ...captured };
}

describe('the catalogue of commands', () => {
  it('lists every command, in order, each loading its own definition', async () => {
    expect(Object.keys(loaders)).toEqual(catalogue.map(nameOf));
    expect(await Promise.all(commandEntries.map((entry) => entry.load()))).toEqual(commands);
  });

  it.each(commandEntries.map((entry) => [nameOf(entry), entry]))(
    '`%s`: its line of help is the one its definition gives (else update commands/catalogue.ts)',
    async (name, entry) => {
      const program = rootProgram(capturedContext(ENV).context);
      (await (entry as CatalogueEntry).load())(program, capturedContext(ENV).context);
      const command = program.commands.find((each) => each.name() === name);
      if (!command) throw new Error(`${name} defines no command of that name`);
      expect(new Help().subcommandTerm(command)).toBe((entry as CatalogueEntry).term);
      expect(command.description()).toBe((entry as CatalogueEntry).description);
    },
  );
});

describe('monzo, with only the command it runs loaded', () => {
  it.each([
    [['--help']],
    [['help']],
    [['--version']],
    [['-V']],
    [[]],
    [['help', 'pots']],
    [['pots', '--help']],
    [['--json', 'transactions', 'export', '--help']],
    [['pot']],
    [['--bogus', 'balance']],
    [['--account']],
    [['balance', '--version']],
    [['balance', 'extra']],
    [['transactions', 'export', '--bogus']],
    [['pots', 'deposit']],
  ])('`monzo %j` prints and exits as the whole program does', async (argv) => {
    expect(await monzo(argv)).toEqual(await wholeProgram(argv));
  });
});

describe('loadProgram', () => {
  /** The catalogue, each entry counting its loads. */
  function counted() {
    const loads: string[] = [];
    const entries = commandEntries.map((entry) => ({
      ...entry,
      load: () => {
        loads.push(nameOf(entry));
        return entry.load();
      },
    }));
    return { entries, loads };
  }

  it.each([
    [['--help'], []],
    [['--version'], []],
    [[], []],
    [['balance'], ['balance']],
    [['--json', 'balance', '--account', 'joint'], ['balance']],
    // `pots` is the value of --account here, not a command.
    [['--account', 'pots', 'balance'], ['balance']],
    [['--account=pots', 'accounts'], ['accounts']],
    [['help', 'pots'], ['pots']],
    [['pots', 'deposit', 'Holiday', '5'], ['pots']],
    [['pot'], []],
  ])('for `monzo %j` loads %j', async (argv, expected) => {
    const { entries, loads } = counted();
    await loadProgram(capturedContext(ENV).context, argv, entries);
    expect(loads).toEqual(expected);
  });
});
