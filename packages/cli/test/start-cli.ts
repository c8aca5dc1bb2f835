import { run } from '../src/run.js';
import type { CliProcess, Exited } from './browser/spawn-cli.js';
import { watchedOutput } from './browser/spawn-cli.js';
import { capturedContext } from './context.js';

/**
 * `monzo …args` as a long-running command (login) run in this process: its output read as it comes, like
 * `spawnCli`'s, without a process start. For what needs a process (a signal, the process's own streams), use
 * `spawnCli`.
 */
export function startCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Omit<CliProcess, 'child'> {
  const output = watchedOutput();
  const { context } = capturedContext(env, { cwd: cwd ?? env.HOME ?? '/' });
  context.terminal.stdout = { write: (text: string) => output.append('stdout', text) };
  context.terminal.stderr = { write: (text: string) => output.append('stderr', text) };
  const exited: Promise<Exited> = run(args, context).then((code) => {
    output.end();
    return { code, signal: null, ...output.text };
  });
  return {
    stdout: () => output.text.stdout,
    stderr: () => output.text.stderr,
    waitFor: output.waitFor,
    exited,
  };
}
