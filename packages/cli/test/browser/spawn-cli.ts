import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { bundled } from '../../../../test/support/bundled.js';

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `monzo …args` as a long-running subprocess (login, mock), unlike the harness's `run`, which waits for the end:
 * a test reads its output as it comes (`waitFor`), acts (clicks, approves, signals), then awaits `exited`.
 */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in the stream so far or to come; rejects if the process ends first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<Exited>;
}

export function spawnCli(args: string[], env: Record<string, string>, cwd?: string): CliProcess {
  const child = spawn(process.execPath, [bundled('monzo'), ...args], { env, ...(cwd ? { cwd } : {}) });
  const output = watchedOutput();
  child.stdout.on('data', (chunk) => output.append('stdout', String(chunk)));
  child.stderr.on('data', (chunk) => output.append('stderr', String(chunk)));
  child.stdin.end();
  const exited = new Promise<Exited>((done) => {
    child.on('close', (code, signal) => {
      output.end();
      done({ code, signal, ...output.text });
    });
  });
  return {
    child,
    stdout: () => output.text.stdout,
    stderr: () => output.text.stderr,
    waitFor: output.waitFor,
    exited,
  };
}

/** Output as it comes, and a way to wait for a pattern in it; shared by the subprocess and the in-process runs. */
export function watchedOutput() {
  const text = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  let ended = false;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const append = (stream: 'stdout' | 'stderr', chunk: string) => {
    text[stream] += chunk;
    notify();
  };
  const end = () => {
    ended = true;
    notify();
  };

  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<RegExpMatchArray>((found, fail) => {
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${pattern} on ${stream}`)),
        timeoutMs,
      );
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(look);
        if (match) found(match);
        else fail(error);
      };
      const look = () => {
        const match = pattern.exec(text[stream]);
        if (match) return finish(undefined, match);
        if (ended) finish(new Error(`exited before ${pattern} on ${stream}:\n${text.stderr}`));
      };
      listeners.add(look);
      look();
    });

  return { text, append, end, waitFor };
}

/** A free loopback port, for a login callback of a test's own (tests in parallel must not share 8080). */
export { freePort } from '../../../../test/support/ports.js';

/** The login URL that `monzo login` prints on stderr. */
export const LOGIN_URL = /^\s+(http:\/\/\S+response_type=code\S*)$/m;
