import { type CliContext, type Terminal, xdgPaths } from '../src/context.js';

/**
 * A context for running `monzo` in process (`run(argv, context)`): what it writes is captured, the terminal is
 * a pipe unless `terminal` says otherwise, and no question is ever answered yes.
 */
export function capturedContext(env: Record<string, string>, terminal: Partial<Terminal> = {}) {
  const captured = { stdout: '', stderr: '' };
  const context: CliContext = {
    terminal: {
      stdout: { write: (text: string) => (captured.stdout += text) },
      stderr: { write: (text: string) => (captured.stderr += text) },
      stdoutIsTTY: false,
      stdoutKind: 'pipe',
      stderrIsTTY: false,
      stdinIsTTY: false,
      env,
      cwd: env.HOME ?? '/',
      ...terminal,
    },
    confirm: async () => false,
    openBrowser: async () => false,
    paths: xdgPaths(env),
  };
  return { context, captured };
}
