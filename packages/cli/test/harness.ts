import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type MockOptions, type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { FileTokenStore } from 'monzo-ts';
import { bundled } from '../../../test/support/bundled.js';
import { run as runMonzo } from '../src/run.js';
import { capturedContext } from './context.js';

/** The CLI's source entry, for the tests about what a start of it loads (run through tsx, `TSX`). */
export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../src/bin.ts');
/** tsx's loader by path, so that the CLI runs from any working directory (a temp home has no node_modules). */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * The words that start `monzo` as a process: Node and the CLI's source bundled for this run (see
 * test/support/bundles.ts), which starts in a quarter of the time the source takes through tsx.
 */
export function monzoCommand(): [node: string, bundle: string] {
  return [process.execPath, bundled('monzo')];
}

export const REDIRECT = 'http://127.0.0.1:8080/callback';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a run may add: environment variables, a working directory, and (subprocess only) what stdin carries. */
export interface RunExtra {
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * An emulator on a socket, a home directory of its own (XDG dirs in a temp folder), and two ways to run `monzo`
 * against them: `run` in this process (`run(argv, context)` with its output captured, stdin and stdout pipes, as
 * under a script), which is what almost every test needs and costs no process start; and `runProcess`, the
 * command as a user's shell starts it, for what only a process shows (stdin, `.env`, signals, a closed pipe).
 * `loggedIn()` stores an approved login, as `monzo login` would.
 */
export async function cliHarness(options: MockOptions = {}) {
  const mock: MockServer = await startMockServer({ transactions: 300, redirectUris: [REDIRECT], ...options });
  const home = await mkdtemp(join(tmpdir(), 'monzo-cli-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    MONZO_API_URL: mock.url,
    MONZO_AUTH_URL: mock.url,
    MONZO_CLIENT_ID: mock.clientId,
    MONZO_CLIENT_SECRET: mock.clientSecret,
    MONZO_REDIRECT_URI: REDIRECT,
    NO_COLOR: '1',
  };
  const tokenFile = join(home, 'config', 'monzo', 'tokens.json');

  /** Runs `monzo …args` in this process, in the harness's home, with stdin, stdout and stderr not terminals. */
  const run = async (args: string[], extra: RunExtra = {}): Promise<CliRun> => {
    // The time zone is the process's, read by every Date: a run in another zone must be a process of its own.
    if (extra.env?.TZ !== undefined) return runProcess(args, extra);
    const { context, captured } = capturedContext({ ...env, ...extra.env }, { cwd: extra.cwd ?? home });
    const code = await runMonzo(args, context);
    return { code, ...captured };
  };

  /** Runs `monzo …args` as a subprocess in the harness's home; `input` is written to stdin, which is then closed. */
  const runProcess = (args: string[], extra: RunExtra & { input?: string } = {}) =>
    new Promise<CliRun>((done) => {
      const [node, monzo] = monzoCommand();
      const child = spawn(node, [monzo, ...args], {
        cwd: extra.cwd ?? home,
        env: { ...env, ...extra.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdin.end(extra.input ?? '');
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  /**
   * `monzo …args | consumer` in bash, as a person types it: resolves with monzo's own exit code (not the
   * consumer's), the consumer's output, and monzo's stderr.
   */
  const runPiped = (args: string[], consumer: string) =>
    new Promise<CliRun>((done) => {
      const monzo = [...monzoCommand(), ...args].map(shellQuote).join(' ');
      const child = spawn('bash', ['-c', `${monzo} | ${consumer}; exit "\${PIPESTATUS[0]}"`], {
        cwd: home,
        env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdin.end();
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  /** Stores an approved login in the token file, the way `monzo login` leaves it. */
  const loggedIn = async () => {
    const tokens = await signIn(mock, { redirectUri: REDIRECT });
    await new FileTokenStore(tokenFile).set(tokens);
    return tokens;
  };

  const close = async () => {
    await mock.close();
    await rm(home, { recursive: true, force: true });
  };

  return { mock, home, env, tokenFile, run, runProcess, runPiped, loggedIn, close };
}

/** A word for `bash -c`, quoted so that the shell passes it through unchanged. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}
