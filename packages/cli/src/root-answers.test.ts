import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { capturedContext } from '../test/context.js';
import { createProgram } from './program.js';
import { answerFromRoot, type HelpStream } from './root-answers.js';
import { run } from './run.js';

const ENV = { HOME: '/nonexistent', NO_COLOR: '1' };

/** A terminal `columns` wide, or a pipe when none; what is written to it is kept. */
function stream(columns: number | undefined) {
  const written = { text: '' };
  const target: HelpStream = {
    write: (text: string) => (written.text += text),
    ...(columns === undefined ? {} : { isTTY: true, columns }),
  };
  return { target, written };
}

/**
 * What commander itself prints for `argv`, laying out the root's help with its own `Help.formatHelp` (not the
 * program's `formatRootHelp`), for the whole program (every command loaded), on streams `columns` wide.
 */
async function commanderPrints(argv: string[], columns: number | undefined) {
  const { context, captured } = capturedContext(ENV);
  const program = createProgram(context);
  const { formatHelp: _ours, ...settings } = program.configureHelp();
  expect(_ours).toBeTypeOf('function');
  program.configureHelp(settings);
  program.configureOutput({
    ...program.configureOutput(),
    // commander's own rule: a terminal's columns, else none (it then takes 80).
    getOutHelpWidth: () => columns as number,
    getErrHelpWidth: () => columns as number,
  });
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? 0 : 2;
  }
  return { code, ...captured };
}

function answered(argv: string[], columns: number | undefined) {
  const stdout = stream(columns);
  const stderr = stream(columns);
  const code = answerFromRoot(argv, { stdout: stdout.target, stderr: stderr.target });
  return { code, stdout: stdout.written.text, stderr: stderr.written.text };
}

describe('monzo --version and --help, answered before commander is loaded', () => {
  const argvs = [['--help'], ['-h'], ['help'], [], ['--version'], ['-V']];
  // A pipe (80), terminals narrow enough that nothing wraps (under 40 columns left), narrow, usual and wide.
  const widths = [undefined, 30, 60, 80, 120, 200];

  it.each(argvs.flatMap((argv) => widths.map((columns) => [argv, columns] as const)))(
    '`monzo %j` on %s columns prints and exits as commander does for the whole program',
    async (argv, columns) => {
      expect(answered([...argv], columns)).toEqual(await commanderPrints([...argv], columns));
    },
  );

  it.each(argvs)(
    '`monzo %j` prints and exits as the program itself does (run, commander loaded)',
    async (...argv) => {
      const { context, captured } = capturedContext(ENV);
      const code = await run(argv, context);
      // Not a terminal here: the program wraps to 80 columns, as the answer does on a pipe.
      expect(answered(argv, undefined)).toEqual({ code, ...captured });
    },
  );

  it('wraps the options and commands to the terminal it is written to (the examples after them as written)', () => {
    const listed = (columns: number) =>
      (answered(['--help'], columns).stdout.split('\nExamples:')[0] as string).split('\n');
    expect(Math.max(...listed(80).map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(Math.max(...listed(120).map((line) => line.length))).toBeGreaterThan(80);
    expect(listed(120).length).toBeLessThan(listed(80).length);
  });

  it.each([
    [['--help', 'pots']],
    [['help', 'pots']],
    [['--json', '--help']],
    [['--version', 'balance']],
    [['-V', '--json']],
    [['balance']],
    [['--versions']],
    [['--bogus']],
  ])('leaves `monzo %j` to the program', (argv) => {
    expect(answered(argv, undefined)).toEqual({ code: undefined, stdout: '', stderr: '' });
  });
});
