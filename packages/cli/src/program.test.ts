import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { capturedContext } from '../test/context.js';
import { createProgram } from './program.js';
import { run } from './run.js';

/** Every command of the program, as the words that name it (`['pots', 'deposit']`). */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

const ENV = { HOME: '/nonexistent', NO_COLOR: '1' };

describe('monzo --help', () => {
  const paths = commandPaths(createProgram(capturedContext(ENV).context));

  it('walks every command (the list below is not empty or short)', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths).toContainEqual(['webhooks', 'remove']);
  });

  it.each([['', []], ...paths.map((path) => [path.join(' '), path])])(
    '`monzo %s --help` ends with examples of that command',
    async (_, path) => {
      const { context, captured } = capturedContext(ENV);
      expect(await run([...(path as string[]), '--help'], context)).toBe(0);
      const examples = /\nExamples?:\n((?: {2}\$ monzo .*\n?)+)/.exec(captured.stdout)?.[1] ?? '';
      expect(examples, captured.stdout).toContain(`$ monzo ${(path as string[]).join(' ')}`.trimEnd());
    },
  );
});
