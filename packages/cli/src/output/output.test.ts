import { describe, expect, it } from 'vitest';
import type { CliContext, Terminal } from '../context.js';
import { run } from '../run.js';
import { colorsFor, output } from './output.js';
import { HOSTILE, steering } from './test-bank-text.js';

const ESC = '\u001b[';

function contextWith(terminal: Partial<Terminal>): {
  context: CliContext;
  written: { stdout: string; stderr: string };
} {
  const written = { stdout: '', stderr: '' };
  const context: CliContext = {
    terminal: {
      stdout: { write: (text: string) => (written.stdout += text) },
      stderr: { write: (text: string) => (written.stderr += text) },
      stdoutIsTTY: true,
      stdoutKind: 'tty',
      stderrIsTTY: true,
      stdinIsTTY: true,
      env: {},
      cwd: '/',
      ...terminal,
    },
    confirm: async () => false,
    openBrowser: async () => false,
    paths: { config: '/nonexistent', data: '/nonexistent' },
  };
  return { context, written };
}

describe('colour', () => {
  it('colours a table on a terminal', () => {
    const { context, written } = contextWith({});
    output(context).table(['name'], [['Holiday']]);
    expect(written.stdout).toContain(ESC);
  });

  it('writes no escape codes when NO_COLOR is set, whatever its value', () => {
    for (const value of ['1', 'true', 'yes']) {
      const { context, written } = contextWith({ env: { NO_COLOR: value } });
      output(context).table(['name'], [['Holiday']]);
      expect(colorsFor(context, 'stdout').red('x')).toBe('x');
      expect(colorsFor(context, 'stderr').red('x')).toBe('x');
      expect(written.stdout).not.toContain(ESC);
    }
  });

  it('writes no escape codes into a pipe or a dumb terminal', () => {
    for (const terminal of [{ stdoutIsTTY: false, stdoutKind: 'pipe' as const }, { env: { TERM: 'dumb' } }]) {
      const { context, written } = contextWith(terminal);
      output(context).table(['name'], [['Holiday']]);
      expect(written.stdout).not.toContain(ESC);
    }
  });

  it('colours each stream by whether that stream is a terminal', () => {
    // `monzo … > out.json`: the data goes to a file, the messages (the `error:` line) still to a terminal.
    const redirected = contextWith({ stdoutIsTTY: false, stdoutKind: 'file', stderrIsTTY: true });
    expect(colorsFor(redirected.context, 'stderr').red('x')).toContain(ESC);
    expect(colorsFor(redirected.context, 'stdout').red('x')).toBe('x');
    // `monzo … 2> log`: a plain log, a coloured table.
    const logged = contextWith({ stdoutIsTTY: true, stderrIsTTY: false });
    expect(colorsFor(logged.context, 'stderr').red('x')).toBe('x');
    expect(colorsFor(logged.context, 'stdout').red('x')).toContain(ESC);
  });

  it('colours even into a pipe with FORCE_COLOR, unless it is 0 or NO_COLOR is set too', () => {
    const piped = { stdoutIsTTY: false, stdoutKind: 'pipe' as const, stderrIsTTY: false };
    expect(
      colorsFor(contextWith({ ...piped, env: { FORCE_COLOR: '1' } }).context, 'stderr').red('x'),
    ).toContain(ESC);
    expect(colorsFor(contextWith({ ...piped, env: { FORCE_COLOR: '0' } }).context, 'stdout').red('x')).toBe(
      'x',
    );
    const both = contextWith({ ...piped, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(colorsFor(both.context, 'stdout').red('x')).toBe('x');
  });
});

describe('the error line of a failed command', () => {
  it('is coloured when stderr is a terminal, even when stdout goes to a file', async () => {
    const captured = { stderr: '' };
    const { context } = contextWith({ stdoutIsTTY: false, stdoutKind: 'file', stderrIsTTY: true });
    context.terminal.stderr = { write: (text: string) => (captured.stderr += text) };
    context.terminal.env = { MONZO_TOKEN_FILE: '/nonexistent/tokens.json' };
    expect(await run(['balance'], context)).toBe(1);
    expect(captured.stderr).toContain(`${ESC}31merror:`);
  });
});

describe('what is printed for a person', () => {
  it('cannot steer the terminal: tables, text and messages; our colours stay', () => {
    const { context, written } = contextWith({});
    const out = output(context);
    out.table(['name'], [[HOSTILE]]);
    out.text(`moved into "${HOSTILE}"`);
    out.message(`${colorsFor(context, 'stderr').yellow('!')} ${HOSTILE}`);
    expect(steering(written.stdout, { colours: true })).toEqual([]);
    expect(steering(written.stderr, { colours: true })).toEqual([]);
    expect(written.stdout).toContain('EVIL');
    expect(written.stderr).toContain(`${ESC}33m!`);
  });

  it('leaves what is meant for programs exact: --json and data lines', () => {
    const { context, written } = contextWith({});
    const out = output(context);
    out.json({ description: HOSTILE });
    out.data(JSON.stringify({ description: HOSTILE }));
    const [document, line] = [
      written.stdout.slice(0, written.stdout.lastIndexOf('\n{')),
      written.stdout.slice(written.stdout.lastIndexOf('\n{') + 1),
    ];
    expect(JSON.parse(document).description).toBe(HOSTILE);
    expect(JSON.parse(line).description).toBe(HOSTILE);
  });
});
