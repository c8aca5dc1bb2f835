import { describe, expect, it } from 'vitest';
import type { CliContext, Terminal } from '../context.js';
import { colorsFor, output } from './output.js';

const ESC = '\u001b[';

function contextWith(terminal: Partial<Terminal>): { context: CliContext; written: { stdout: string } } {
  const written = { stdout: '' };
  const context: CliContext = {
    terminal: {
      stdout: { write: (text: string) => (written.stdout += text) },
      stderr: { write: () => true },
      stdoutIsTTY: true,
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
      expect(colorsFor(context).red('x')).toBe('x');
      expect(written.stdout).not.toContain(ESC);
    }
  });

  it('writes no escape codes into a pipe or a dumb terminal', () => {
    for (const terminal of [{ stdoutIsTTY: false }, { env: { TERM: 'dumb' } }]) {
      const { context, written } = contextWith(terminal);
      output(context).table(['name'], [['Holiday']]);
      expect(written.stdout).not.toContain(ESC);
    }
  });
});
