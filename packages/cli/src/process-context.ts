import { confirm, isCancel } from '@clack/prompts';
import open from 'open';
import { type CliContext, xdgPaths } from './context.js';

/** The real terminal: process streams, the environment (with `.env` read in), the user's browser. */
export function processContext(): CliContext {
  try {
    process.loadEnvFile('.env'); // variables already set win
  } catch {
    // no .env here
  }
  const env = process.env;
  return {
    terminal: {
      stdout: process.stdout,
      stderr: process.stderr,
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      stderrIsTTY: Boolean(process.stderr.isTTY),
      stdinIsTTY: Boolean(process.stdin.isTTY),
      env,
      cwd: process.cwd(),
    },
    async confirm(message) {
      const answer = await confirm({ message });
      return !isCancel(answer) && answer === true;
    },
    openBrowser: (url) => openBrowser(url, env),
    paths: xdgPaths(env),
  };
}

/** Opens `url` in the user's browser; false when there is no display to open it on (then the URL is printed). */
async function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  try {
    const child = await open(url);
    child.once('error', () => {});
    return true;
  } catch {
    return false;
  }
}
