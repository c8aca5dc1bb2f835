import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSink } from './sink.js';
import { removeStaleTemps, STALE_AFTER_MS, tempPath } from './temp-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'monzo-temps-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
  return Number(pid);
}

/** A temporary name as a given writer would make it (this machine's tag, another pid). */
function tempOf(target: string, pid: number): string {
  return basename(tempPath(target)).replace(`-${process.pid}.`, `-${pid}.`);
}

async function touch(name: string, ageMs = 0): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, 'half an export');
  const when = (Date.now() - ageMs) / 1000;
  await utimes(path, when, when);
}

describe('stale temporary files of --out exports', () => {
  it('names each after its machine and writer', () => {
    expect(basename(tempPath(join(dir, 'h.csv')))).toMatch(
      new RegExp(`^\\.h\\.csv\\.[0-9a-f]{8}-${process.pid}\\.[0-9a-f]{12}\\.tmp$`),
    );
  });

  it('removes those of the same target whose writer is dead or which are over a day old, and nothing else', async () => {
    const target = join(dir, 'h.csv');
    const dead = deadPid();
    const stale = [
      tempOf(target, dead), // killed outright
      tempOf(target, 4_194_305), // above Linux's highest pid: no such process
      '.h.csv.0123456789ab.tmp', // named before names had a pid, and old
      tempOf(target, process.pid).replace(/\.[0-9a-f]{12}\.tmp$/, '.aaaaaaaaaaaa.tmp'), // alive, but a day old: the pid is another's by now
    ];
    await touch(stale[0] as string);
    await touch(stale[1] as string);
    await touch(stale[2] as string, STALE_AFTER_MS + 60_000);
    await touch(stale[3] as string, STALE_AFTER_MS + 60_000);
    const kept = [
      'h.csv',
      tempOf(target, process.pid), // a live export, this very process
      '.h.csv.fedcba987654.tmp', // old-style, recent: its writer may be running
      `.h.csv.00000000-${dead}.0123456789ab.tmp`, // another machine's pid says nothing here
      tempOf(join(dir, 'other.csv'), dead), // another target's
      tempOf(join(dir, 'h.csv.bak'), dead),
      '.h.csv.notes.tmp',
    ];
    for (const name of kept) await touch(name);

    expect((await removeStaleTemps(target)).sort()).toEqual([...stale].sort());
    expect((await readdir(dir)).sort()).toEqual([...kept].sort());
  });

  it('runs before each export to a file, which then writes as before', async () => {
    const target = join(dir, 'h.csv');
    const left = tempOf(target, deadPid());
    await touch(left);
    const sink = await fileSink(target);
    sink.write('a,b\r\n');
    await sink.finish();
    expect(await readdir(dir)).toEqual(['h.csv']);
  });
});
