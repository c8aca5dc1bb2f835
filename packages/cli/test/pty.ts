import { spawn, spawnSync } from 'node:child_process';
import { monzoCommand, shellQuote } from './harness.js';

/** util-linux `script` runs a command on a pseudo-terminal: stdin, stdout and stderr are a real TTY. */
const SCRIPT = '/usr/bin/script';
const INSTALL = 'sudo apt-get install -y bsdutils';

export interface TerminalRun {
  code: number | null;
  /** Everything the terminal showed (the command's stdout and stderr, as far as they were not redirected). */
  screen: string;
}

/**
 * Runs `monzo …args` followed by `redirect` (such as `> out.json`, or `| cat > out.ndjson`) in bash on a
 * pseudo-terminal, as a person at a terminal would type it. When `answer` is given, its `text` is typed once
 * `when` has appeared on the screen (a prompt). Fails with the command to install `script` when it is missing.
 */
export function runInTerminal(
  cli: { env: Record<string, string>; home: string },
  args: string[],
  redirect = '',
  answer?: { when: RegExp; text: string },
): Promise<TerminalRun> {
  if (spawnSync(SCRIPT, ['--version']).status !== 0) {
    throw new Error(`${SCRIPT} (util-linux) is needed to run the CLI on a terminal: ${INSTALL}`);
  }
  const monzo = [...monzoCommand(), ...args].map(shellQuote).join(' ');
  // A pseudo-terminal started from a pipe has no size: give it a usual one, or prompts wrap at every letter.
  const line = `stty cols 120 rows 40; ${monzo} ${redirect}`;
  return new Promise((done, fail) => {
    // -e: script exits with the command's status; -q: no "Script started" banner; /dev/null: no typescript file.
    const child = spawn(SCRIPT, ['-qec', `bash -c ${shellQuote(line)}`, '/dev/null'], {
      cwd: cli.home,
      env: { ...cli.env, TERM: 'xterm-256color' },
    });
    let screen = '';
    let answered = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`timed out; the terminal showed:\n${screen}`));
    }, 30_000);
    child.stdout.on('data', (chunk) => {
      screen += chunk;
      if (answer && !answered && answer.when.test(screen)) {
        answered = true;
        child.stdin.write(answer.text);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, screen });
    });
  });
}
