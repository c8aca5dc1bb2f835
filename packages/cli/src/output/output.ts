import Table from 'cli-table3';
import pc from 'picocolors';
import type { CliContext } from '../context.js';

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function colorsFor(context: CliContext) {
  const { env, stdoutIsTTY } = context.terminal;
  const enabled = stdoutIsTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

/** Writes data to stdout and messages to stderr, as scripts expect. */
export function output(context: CliContext) {
  const { stdout, stderr } = context.terminal;
  return {
    /** A value as JSON (for `--json`), one document on stdout. */
    json(value: unknown): void {
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    /** Lines of data on stdout. */
    data(text: string): void {
      stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    /** A message for the person on stderr. */
    message(text: string): void {
      stderr.write(`${text}\n`);
    },
    /** Rows as a table on stdout; right-aligns the columns named in `right`. */
    table(head: string[], rows: string[][], right: number[] = []): void {
      const colors = colorsFor(context);
      const table = new Table({
        head: head.map((cell) => colors.bold(cell)),
        style: { head: [], border: [], compact: true },
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        colAligns: head.map((_, index) => (right.includes(index) ? 'right' : 'left')),
      });
      table.push(...rows);
      stdout.write(`${table.toString()}\n`);
    },
  };
}
