import type cliProgress from 'cli-progress';
import type { Terminal } from '../context.js';
import { counted, count as formatCount } from '../output/wording.js';
import { lazyRequire } from '../support/lazy-require.js';

// Loaded when a bar is drawn: never in a pipe, under `--json`, or by commands that draw none.
const progressModule = lazyRequire<typeof cliProgress>('cli-progress');

/** How far an export has gone, for the person watching. */
export interface Progress {
  /**
   * `count` transactions so far; `fraction` of the time range covered (0 to 1); with `lines`, `line` says
   * the rest (accounts, rate, time left).
   */
  update(count: number, fraction: number, line?: string): void;
  /** Removes the bar (success or failure alike). */
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A bar on stderr with the count and the rate, only when stderr is a terminal and the output is not for a
 * script (`--json`): in a log file or a pipe, redrawn bars are noise. When the command streams its data
 * (`dataTo: 'stdout'`), the bar is drawn only if stdout is a regular file (`> history.csv`): on the terminal
 * it would tear the rows it is drawn between, and into a pipe the reader is often a pager (`| less`) sharing
 * the terminal. `dataTo: 'file'` (`--out`) and commands that print only a summary at the end (`monzo sync`)
 * get the bar. It fills with the share of the time range covered so far, the one measure of "how far" known
 * before the end (Monzo gives no count).
 */
export function createProgress(
  terminal: Terminal,
  options: {
    json?: boolean | undefined;
    verb?: string | undefined;
    dataTo?: 'stdout' | 'file';
    /** After the bar, the line each update gives (`monzo sync`: accounts, transactions, rate, time left). */
    lines?: boolean | undefined;
  },
): Progress {
  if (!terminal.stderrIsTTY || options.json) return silent;
  if (options.dataTo === 'stdout' && terminal.stdoutKind !== 'file') return silent;
  const { stderr } = terminal;
  // cli-progress draws only on a stream that says it is a TTY; the injected stderr is one, as checked above.
  const stream = {
    isTTY: true,
    columns: Number((stderr as { columns?: number }).columns) || 80,
    write: (text: string) => stderr.write(text),
  };
  const cliProgress = progressModule();
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: options.lines
        ? `${options.verb ?? 'exporting'} {bar} {percentage}% | {line}`
        : `${options.verb ?? 'exporting'} {bar} {percentage}% | {count} | {rate}/s | {duration_formatted}`,
      // The cursor stays visible: a Ctrl-C ends the process before a hidden one could be shown again.
      hideCursor: false,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  // Drawn from the first update on, so that a message printed before (the 90-day notice) is not torn by it.
  let started: number | undefined;
  let stopped = false;
  return {
    update(count, fraction, line) {
      if (stopped) return;
      started ??= Date.now();
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const value = Math.round(Math.min(Math.max(fraction, 0), 1) * 1000);
      const payload = {
        count: counted(count, 'transaction'),
        rate: formatCount(Math.round(count / seconds)),
        line: line ?? counted(count, 'transaction'),
      };
      if (bar.isActive) bar.update(value, payload);
      else bar.start(1000, value, payload);
    },
    stop() {
      stopped = true;
      if (bar.isActive) bar.stop();
    },
  };
}
