import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../test/harness.js';
import { endOnClosedOutput } from './closed-pipe.js';

describe('a reader that stops early (`monzo … | head -1`)', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  beforeAll(async () => {
    cli = await cliHarness();
    await cli.loggedIn();
  });
  afterAll(() => cli.close());

  it('ends quietly with exit 0, for a command that prints more than the pipe holds', async () => {
    // 300 transactions as indented JSON: several hundred KB, far more than a pipe's 64 KB buffer.
    const result = await cli.runPiped(
      ['transactions', '--json', '--since', '80d', '--limit', '1000'],
      'head -1',
    );
    expect(result.stdout).toBe('[\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('ends quietly for an export to stdout too', async () => {
    const result = await cli.runPiped(['transactions', 'export', '--format', 'json'], 'head -c 10');
    expect(result.stdout).toHaveLength(10);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('endOnClosedOutput', () => {
  const streams = () => {
    const written: string[] = [];
    const stderr = Object.assign(new EventEmitter(), { write: (text: string) => written.push(text) });
    return { stdout: new EventEmitter(), stderr, written };
  };
  const failure = (code: string) => Object.assign(new Error(code), { code });

  it('exits 0 without a word when stdout is a closed pipe', () => {
    const { stdout, stderr, written } = streams();
    const exits: number[] = [];
    endOnClosedOutput({ stdout, stderr }, (code) => exits.push(code));
    stdout.emit('error', failure('EPIPE'));
    expect(exits).toEqual([0]);
    expect(written).toEqual([]);
  });

  it('exits 1 with one line when stdout fails otherwise (a full disk), and ignores a broken stderr', () => {
    const { stdout, stderr, written } = streams();
    const exits: number[] = [];
    endOnClosedOutput({ stdout, stderr }, (code) => exits.push(code));
    stderr.emit('error', failure('EPIPE'));
    expect(exits).toEqual([]);
    stdout.emit('error', failure('ENOSPC'));
    expect(exits).toEqual([1]);
    expect(written).toEqual(['error: cannot write the output: ENOSPC\n']);
  });
});
