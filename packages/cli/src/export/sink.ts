import { unlinkSync } from 'node:fs';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import type { Terminal } from '../context.js';
import { CliError } from '../errors.js';
import { removeStaleTemps, tempPath } from './temp-files.js';

/** Where an export goes: text in, in order; then either all of it (`finish`) or, for a file, none (`abort`). */
export interface Sink {
  /** Takes a piece of text; returns a promise only when the caller must wait (a chunk is going out). */
  write(text: string): Promise<void> | undefined;
  /** Writes what is buffered; a file then appears under its name, whole. */
  finish(): Promise<void>;
  /** Gives up: a file leaves no trace, neither itself nor its temporary file. */
  abort(): Promise<void>;
}

/** The reader of stdout went away (`monzo … | head`): not a failure of the export, so it ends quietly. */
export class OutputClosedError extends Error {
  override name = 'OutputClosedError';
}

/** Chunks of this size go out at once: one system call per ~64 KB rather than one per transaction. */
const CHUNK_CHARS = 64 * 1024;

/** Collects small pieces into chunks and hands each full chunk to `flush`, one at a time. */
function buffered(flush: (chunk: string) => Promise<void>) {
  let parts: string[] = [];
  let size = 0;
  const drain = () => {
    const chunk = parts.join('');
    parts = [];
    size = 0;
    return chunk ? flush(chunk) : Promise.resolve();
  };
  return {
    write(text: string): Promise<void> | undefined {
      if (!text) return undefined;
      parts.push(text);
      size += text.length;
      return size >= CHUNK_CHARS ? drain() : undefined;
    },
    drain,
  };
}

type Emitter = {
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
};

/**
 * The terminal's stdout (a pipe, a file or a TTY). Waits for `drain` when the stream says its buffer is full,
 * so a slow reader slows the export down instead of the export filling memory.
 */
export function streamSink(stream: Terminal['stdout']): Sink {
  const events = stream as Terminal['stdout'] & Emitter;
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error;
  };
  events.on?.('error', onError);
  const check = () => {
    if (failure === undefined) return;
    const code = (failure as NodeJS.ErrnoException).code;
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') throw new OutputClosedError('stdout was closed');
    throw failure;
  };
  const buffer = buffered(async (chunk) => {
    check();
    const room = stream.write(chunk);
    if (room === false && events.once) await drained(events);
    check();
  });
  const detach = () => events.off?.('error', onError);
  return {
    write: buffer.write,
    async finish() {
      try {
        await buffer.drain();
      } finally {
        detach();
      }
    },
    async abort() {
      // What went out is out; whatever is still buffered is dropped.
      detach();
    },
  };
}

function drained(events: Emitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      events.off?.('drain', done);
      events.off?.('error', done);
      events.off?.('close', done);
      resolve();
    };
    events.once?.('drain', done);
    events.once?.('error', done);
    events.once?.('close', done);
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A file written atomically: the export goes to a temporary file beside the target (the same directory, so
 * the final rename cannot cross file systems), which is synced and renamed over the target only once complete.
 * A failure, an interruption (Ctrl-C, SIGTERM, SIGHUP) or an exit before `finish` removes the temporary file, so
 * no half export is ever left under either name. Created with mode 0600: it is someone's bank history. What
 * an export killed outright (`kill -9`) left beside the same target is removed first (see `removeStaleTemps`).
 */
export async function fileSink(target: string): Promise<Sink> {
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new CliError(`--out ${target} is a directory`, 'give a file name, such as history.csv');
  }
  await removeStaleTemps(target);
  const temp = tempPath(target);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw cannotWrite(target, error);
  }

  // On a signal the process is about to die with no chance to run promises: remove the file synchronously,
  // then let the signal take its usual course (its exit status included) by raising it again.
  const removeNow = () => {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    removeNow();
    unhook();
    process.kill(process.pid, signal);
  };
  const unhook = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', removeNow);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeNow);

  const buffer = buffered(async (chunk) => {
    await handle.write(chunk);
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const abort = async () => {
    await close().catch(() => {});
    await rm(temp, { force: true });
    unhook();
  };
  return {
    write: buffer.write,
    async finish() {
      try {
        await buffer.drain();
        await handle.sync(); // the data is on disk before the name points at it
        await close();
        await rename(temp, target);
      } catch (error) {
        await abort();
        throw cannotWrite(target, error);
      }
      unhook();
    },
    abort,
  };
}

function cannotWrite(target: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'its directory does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of its path is not a directory',
  };
  const reason = (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot write ${target}: ${reason}`, 'check the --out path, then retry');
}
