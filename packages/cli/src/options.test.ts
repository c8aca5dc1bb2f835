import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { capturedContext } from '../test/context.js';
import { createProgram } from './program.js';
import { run } from './run.js';

const ENV = { HOME: '/nonexistent', NO_COLOR: '1' };

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

async function monzo(args: string[]) {
  const { context, captured } = capturedContext(ENV);
  const code = await run(args, context);
  return { code, ...captured };
}

describe('options as the help shows them', () => {
  const paths = commandPaths(createProgram(capturedContext(ENV).context));

  it.each(paths.map((path) => [path.join(' '), path]))(
    '`monzo %s --help` shows defaults bare and lists the global options its examples use',
    async (_, path) => {
      const help = await monzo([...(path as string[]), '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).not.toMatch(/\(default: "/);
      expect(help.stdout).toMatch(/^ {2}--json +print JSON/m);
      expect(help.stdout).toMatch(/^ {2}--account <id\|type>/m);
    },
  );

  it('shows the numeric defaults of login and sync as numbers', async () => {
    expect((await monzo(['login', '--help'])).stdout).toMatch(/\(default: 300\)/);
    expect((await monzo(['sync', '--help'])).stdout).toMatch(/\(default: 14\)/);
  });
});

describe('numeric options', () => {
  const options = [
    ['transactions', '--limit'],
    ['sync', '--recheck-days'],
    ['webhooks', 'listen', '--port'],
    ['login', '--timeout'],
    ['mock', '--port'],
    ['mock', '--seed'],
    ['mock', '--transactions'],
    ['mock', '--token-ttl'],
  ];
  const values = ['-1', 'abc', '1.5e3', '12abc'];

  // A seed may be negative: `--seed -1` is a valid one (and would start the emulator).
  const cases = options.flatMap((words) =>
    values
      .filter((value) => !(words.at(-1) === '--seed' && value === '-1'))
      .map((value) => [[...words, value].join(' '), words, value]),
  );

  it.each(cases)(
    '`monzo %s` is refused with exit 2, naming the option and the value',
    async (_, words, value) => {
      const args = [...(words as string[]), value as string];
      const option = args.at(-2) as string;
      const result = await monzo(args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`^error: ${option}\\b.*"${(value as string).replace('.', '\\.')}"`),
      );
      expect(result.stderr).not.toMatch(/ambiguous/i);
      expect(result.stdout).toBe('');
    },
  );
});
