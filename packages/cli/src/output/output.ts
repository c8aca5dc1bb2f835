import type Table from 'cli-table3';
import pc from 'picocolors';
import type { CliContext, Terminal } from '../context.js';
import { lazyRequire } from '../support/lazy-require.js';
import { terminalSafe } from './plain.js';

// Loaded by the first table: commands that print none (and `--help`) start without it.
const tableClass = lazyRequire<typeof Table>('cli-table3');

/** The two streams a command writes to: data on stdout, messages on stderr. */
export type OutputStream = 'stdout' | 'stderr';

/**
 * Colours for text written to `stream`: on when that stream is a terminal (not a pipe or a file), never with
 * NO_COLOR set (https://no-color.org) or a dumb terminal, and always with FORCE_COLOR set (other than `0`,
 * as Node reads it) unless NO_COLOR is. Each stream is judged on its own: `monzo … > out.json` still colours
 * its messages, and `monzo … 2> log` keeps the log plain.
 */
export function colorsFor(context: CliContext, stream: OutputStream) {
  return pc.createColors(colorEnabled(context.terminal, stream));
}

function colorEnabled(terminal: Terminal, stream: OutputStream): boolean {
  const { env } = terminal;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  const isTTY = stream === 'stdout' ? terminal.stdoutIsTTY : terminal.stderrIsTTY;
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

/**
 * Writes data to stdout and messages to stderr, as scripts expect. What is meant for a person (`message`,
 * `text`, `table`) cannot steer the terminal, whatever bank text it holds (see `terminalSafe`); what is meant
 * for a program (`json`, `data`) goes out exact.
 */
export function output(context: CliContext) {
  const { stdout, stderr } = context.terminal;
  return {
    /** A value as JSON (for `--json`), one document on stdout. */
    json(value: unknown): void {
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    /** Lines of data for a program on stdout (JSON lines, an id), exactly as given. */
    data(text: string): void {
      stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    /** Lines of text for a person on stdout. */
    text(text: string): void {
      const safe = terminalSafe(text);
      stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    /** A message for the person on stderr. */
    message(text: string): void {
      stderr.write(`${terminalSafe(text)}\n`);
    },
    /** Rows as a table on stdout; right-aligns the columns named in `right`. */
    table(head: string[], rows: string[][], right: number[] = []): void {
      const colors = colorsFor(context, 'stdout');
      const table = new (tableClass())({
        head: head.map((cell) => colors.bold(cell)),
        style: { head: [], border: [], compact: true },
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        colAligns: head.map((_, index) => (right.includes(index) ? 'right' : 'left')),
      });
      table.push(...rows.map((row) => row.map(terminalSafe)));
      stdout.write(`${table.toString()}\n`);
    },
  };
}
