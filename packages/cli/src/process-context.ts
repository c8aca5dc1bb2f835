import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { type CliContext, type StreamKind, xdgPaths } from './context.js';
import { askOnTerminal } from './support/confirm.js';

/** The real terminal: process streams, the environment (with `.env` read in), the user's browser. */
export function processContext(): CliContext {
  try {
    process.loadEnvFile('.env'); // variables already set win
  } catch {
    // no .env here
  }
  const env = process.env;
  // Not process.stdin: reading it sets up the stream, which only a question needs (and `--help` pays for).
  const { stdout, stderr } = process;
  return {
    terminal: {
      stdout,
      stderr,
      stdoutIsTTY: Boolean(stdout.isTTY),
      stdoutKind: streamKind(1, Boolean(stdout.isTTY)),
      stderrIsTTY: Boolean(stderr.isTTY),
      stdinIsTTY: isatty(0),
      env,
      cwd: process.cwd(),
    },
    // A question is a message: on stderr, so that `… --json > out.json` keeps it out of the data.
    confirm: (message) => askOnTerminal(message, { input: process.stdin, output: stderr }),
    openBrowser: (url) => openBrowser(url, env),
    paths: xdgPaths(env),
  };
}

/** What a file descriptor is (`fstat`): a terminal, a pipe or socket, a regular file, or something else. */
export function streamKind(fd: number, isTTY: boolean): StreamKind {
  if (isTTY) return 'tty';
  try {
    const stats = fstatSync(fd);
    if (stats.isFIFO() || stats.isSocket()) return 'pipe';
    if (stats.isFile()) return 'file';
    return 'other';
  } catch {
    return 'other';
  }
}

/** Opens `url` in the user's browser; false when there is no display to open it on (then the URL is printed). */
async function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.once('error', () => {});
    return true;
  } catch {
    return false;
  }
}
