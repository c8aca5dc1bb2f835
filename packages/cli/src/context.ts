import { homedir } from 'node:os';
import { join } from 'node:path';

/** What a standard stream is connected to. A socket counts as a pipe: both carry the data to another program. */
export type StreamKind = 'tty' | 'pipe' | 'file' | 'other';

/** Where a command writes, and what it knows of the terminal it runs in. Injected, so commands test in process. */
export interface Terminal {
  /** Data: tables, JSON, exports. */
  stdout: { write(text: string): unknown };
  /** Messages: progress, hints, errors. */
  stderr: { write(text: string): unknown };
  /** stdout is a terminal (tables and colour) rather than a pipe or a file. */
  stdoutIsTTY: boolean;
  /**
   * What stdout is: a terminal, a pipe into another program, a regular file (`> out.csv`), or something else
   * (`/dev/null`). A progress bar beside an export is drawn only when the data goes to a file.
   */
  stdoutKind: StreamKind;
  /** stderr is a terminal (messages in colour, progress bars). */
  stderrIsTTY: boolean;
  /** stdin is a terminal (confirmation prompts). */
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Everything a command may need from outside, injected. */
export interface CliContext {
  terminal: Terminal;
  /**
   * Asks a yes/no question on the terminal; Enter alone answers no. Rejects with `InterruptedError` on Ctrl-C.
   */
  confirm(message: string): Promise<boolean>;
  /** Opens a URL in the user's browser; false when there is no way to (no display). */
  openBrowser(url: string): Promise<boolean>;
  /**
   * Where the login is kept (XDG_CONFIG_HOME/monzo), where data goes (XDG_DATA_HOME/monzo), and what can be
   * rebuilt at any time, such as the pot names shell completion offers (XDG_CACHE_HOME/monzo; none: not kept).
   */
  paths: { config: string; data: string; cache?: string };
  /** The `fetch` the SDK sends with; tests pass an in-process emulator's. Default: the global one. */
  fetch?: typeof fetch;
}

/** The directories of the XDG Base Directory spec (Linux), with the usual fallbacks. */
export function xdgPaths(env: Record<string, string | undefined>): CliContext['paths'] {
  const home = env.HOME ?? homedir();
  return {
    config: join(env.XDG_CONFIG_HOME || join(home, '.config'), 'monzo'),
    data: join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'monzo'),
    cache: join(env.XDG_CACHE_HOME || join(home, '.cache'), 'monzo'),
  };
}
