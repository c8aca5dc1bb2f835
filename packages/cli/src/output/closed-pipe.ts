import { EXIT } from '../exit-codes.js';

type Stream = {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
};

/** The reader went away: `monzo … | head -1` after its line, or a pager quit early. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Ends the process when stdout can no longer be written, instead of Node's "Unhandled 'error' event" and a
 * stack trace; a stderr that cannot be written is ignored.
 *
 * A closed pipe (EPIPE) ends it quietly with exit 0: the reader had what it wanted, which is not a failure of
 * the command (the one promise here is 0 success, 1 failure, 2 usage). git dies of SIGPIPE instead (141 in the
 * shell), but Node ignores SIGPIPE and cannot die of it; a made-up 141 would only make `set -o pipefail`
 * scripts fail on a `| head`. Any other error on stdout (a full disk behind `> file`) is a failure: one line
 * on stderr, exit 1. A file being written by `--out` is removed on the way out, by its own exit hook.
 */
export function endOnClosedOutput(
  streams: { stdout: Stream; stderr: Stream & { write(text: string): unknown } },
  exit: (code: number) => void,
): void {
  streams.stdout.on('error', (error) => {
    if (isClosedPipe(error)) return exit(EXIT.ok);
    try {
      streams.stderr.write(`error: cannot write the output: ${error.code ?? error.message}\n`);
    } finally {
      exit(EXIT.failure);
    }
  });
  // Once stderr is gone nothing more can be said, but the data may still be going to stdout: carry on, and
  // let the command's own outcome (or stdout's closing) decide the exit code.
  streams.stderr.on('error', () => {});
}
