import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { fileSink, OutputClosedError, streamSink } from './sink.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-sink-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('fileSink', () => {
  it('writes to a temporary file beside the target and renames it into place, mode 0600', async () => {
    const target = join(dir, 'history.csv');
    const sink = await fileSink(target);
    sink.write('a,b\r\n');
    await sink.write('x'.repeat(200_000)); // more than a chunk: goes out before the end
    const during = await readdir(dir);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(
      new RegExp(`^\\.history\\.csv\\.[0-9a-f]{8}-${process.pid}\\.[0-9a-f]{12}\\.tmp$`),
    );
    await sink.finish();
    expect(await readdir(dir)).toEqual(['history.csv']);
    expect(await readFile(target, 'utf8')).toBe(`a,b\r\n${'x'.repeat(200_000)}`);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves no file and no temporary file when aborted, and an existing file untouched', async () => {
    const target = join(dir, 'history.csv');
    await writeFile(target, 'the previous export');
    const sink = await fileSink(target);
    await sink.write('y'.repeat(100_000));
    await sink.abort();
    expect(await readdir(dir)).toEqual(['history.csv']);
    expect(await readFile(target, 'utf8')).toBe('the previous export');

    const fresh = join(dir, 'new.csv');
    const other = await fileSink(fresh);
    await other.abort();
    expect(await readdir(dir)).toEqual(['history.csv']);
  });

  it('refuses a directory, or a path whose directory does not exist, with what to do', async () => {
    await expect(fileSink(dir)).rejects.toThrow(/is a directory/);
    const missing = fileSink(join(dir, 'nope', 'history.csv'));
    await expect(missing).rejects.toBeInstanceOf(CliError);
    await expect(missing).rejects.toThrow(/its directory does not exist/);
  });
});

/** A stream that takes `room` writes before asking the writer to wait for `drain`. */
class SlowStream extends EventEmitter {
  chunks: string[] = [];
  waiting = false;
  write(text: string): boolean {
    this.chunks.push(text);
    this.waiting = true;
    setTimeout(() => {
      this.waiting = false;
      this.emit('drain');
    }, 5);
    return false;
  }
}

describe('streamSink', () => {
  it('buffers small pieces, and waits for drain when the stream is full', async () => {
    const stream = new SlowStream();
    const sink = streamSink(stream);
    expect(sink.write('small')).toBeUndefined();
    expect(stream.chunks).toEqual([]);
    const busy = sink.write('z'.repeat(70_000));
    expect(busy).toBeInstanceOf(Promise);
    expect(stream.waiting).toBe(true);
    await busy;
    expect(stream.waiting).toBe(false);
    sink.write('tail');
    await sink.finish();
    expect(stream.chunks.join('')).toBe(`small${'z'.repeat(70_000)}tail`);
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('reports a reader that went away (EPIPE) as the output closing', async () => {
    const stream = new EventEmitter() as EventEmitter & { write(text: string): boolean };
    stream.write = () => true;
    const sink = streamSink(stream);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    sink.write('a'.repeat(10));
    await expect(sink.finish()).rejects.toBeInstanceOf(OutputClosedError);
  });
});
