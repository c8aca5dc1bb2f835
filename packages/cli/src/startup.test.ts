import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, TSX } from '../test/harness.js';
import { catalogue, nameOf } from './commands/catalogue.js';

const RECORDER = resolve(dirname(fileURLToPath(import.meta.url)), '../test/module-recorder.mjs');
/** The built CLI, as users run it (its committed bin, which requires the build): `npm test` builds first. */
const BUILT = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/monzo.js');
const BUILT_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.cjs');

/** What no start needs, but the one command that uses it: each costs time on every start of the CLI. */
const HEAVY = [
  '@monzo-ts/mock',
  'packages/mock/',
  '@clack/prompts',
  '/open/',
  'cli-table3',
  'cli-progress',
  'better-sqlite3',
  'node:http',
  'node:crypto',
  'node:sqlite',
];

let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'monzo-startup-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Runs `monzo …args` from the source and resolves to every module it loaded (URLs and CommonJS paths). */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const file = join(home, `modules-${args.join('_').replace(/\W+/g, '-')}.txt`);
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, '--import', RECORDER, BIN, ...args], {
      cwd: home,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        NO_COLOR: '1',
        MONZO_RECORD_MODULES: file,
        // Port 9 on loopback: nothing listens, so a command fails at its first request, having loaded its code.
        MONZO_API_URL: 'http://127.0.0.1:9',
        MONZO_ACCESS_TOKEN: 'startup-test-token',
        TSX_TSCONFIG_PATH: resolve(dirname(BIN), '../tsconfig.json'),
      },
      stdio: 'ignore',
    });
    child.on('error', fail);
    child.on('close', () => done());
  });
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
}

/** The CLI's own command files among `modules`, as paths under src/commands/. */
function commandFiles(modules: string[]): string[] {
  return [...new Set(modules.flatMap((url) => /\/src\/commands\/(.+\.ts)$/.exec(url)?.[1] ?? []))].sort();
}

describe.concurrent('what a start of monzo loads', () => {
  it.each([['--version'], ['--help']])('`monzo %s` loads no command, not even commander', async (flag) => {
    const modules = await modulesLoadedBy([flag]);
    expect(commandFiles(modules)).toEqual(['catalogue.ts']);
    expect(
      modules.filter((url) => [...HEAVY, 'commander', 'monzo-ts'].some((name) => url.includes(name))),
    ).toEqual([]);
    expect(modules.some((url) => url.endsWith('/src/main.ts'))).toBe(false);
  });

  it('`monzo balance` loads the code of balance alone, and nothing heavy', async () => {
    const modules = await modulesLoadedBy(['balance']);
    expect(commandFiles(modules)).toEqual(['balance/show.ts', 'catalogue.ts', 'loaders.ts']);
    expect(modules.filter((url) => HEAVY.some((name) => url.includes(name)))).toEqual([]);
  });

  it('`monzo pots --help` loads the pots commands alone', async () => {
    const modules = await modulesLoadedBy(['pots', '--help']);
    const shared = ['catalogue.ts', 'loaders.ts'];
    expect(commandFiles(modules).every((file) => shared.includes(file) || file.startsWith('pots/'))).toBe(
      true,
    );
    expect(commandFiles(modules)).toContain('pots/index.ts');
  });
});

describe('the built monzo (bin/monzo.js, then dist/), split into chunks', () => {
  /** Runs the built CLI; resolves to its exit code and output. */
  const built = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = execFile(
        process.execPath,
        [BUILT, ...args],
        { env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', MONZO_ACCESS_TOKEN: 't' } },
        (_, stdout, stderr) => done({ code: child.exitCode, stdout, stderr }),
      );
    });

  it.skipIf(!existsSync(BUILT_ENTRY))(
    'runs a command from its own chunk to its end (no chunk waits on another)',
    async () => {
      // A command's chunk requires the shared code of the chunk that requires it: were they to require each
      // other, one would see the other's exports undefined; had one a top-level await, it would never settle.
      const { code, stderr } = await built(['--api-url', 'http://127.0.0.1:1', 'whoami']);
      expect(stderr).toMatch(/^error: /);
      expect(code).toBe(1);
      expect(await built(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
      expect((await built(['--help'])).stdout).toMatch(/^Usage: monzo \[options\] \[command\]\n/);
      expect((await built(['completion', 'bash'])).code).toBe(0);
    },
  );

  it.skipIf(!existsSync(BUILT_ENTRY))(
    'requires what has a CommonJS form: no start waits on the ES module loader',
    async () => {
      const dist = dirname(BUILT_ENTRY);
      const chunks = (await readdir(dist)).filter((file) => file.endsWith('.cjs'));
      expect(chunks).toContain('main.cjs');
      for (const chunk of chunks) {
        const code = await readFile(join(dist, chunk), 'utf8');
        // The packages that are ES modules only (open, @clack/prompts) may keep theirs.
        expect(code, chunk).not.toMatch(/\bimport\(\s*["'`](node:|@monzo-ts\/mock|monzo-ts)/);
      }
    },
  );

  it.skipIf(!existsSync(BUILT_ENTRY))('loads each command from its chunk, for its help', async () => {
    const helps = await Promise.all(catalogue.map((line) => built([nameOf(line), '--help'])));
    for (const [index, line] of catalogue.entries()) {
      expect(helps[index]?.stderr).toBe('');
      expect(helps[index]?.stdout).toMatch(new RegExp(`^Usage: monzo ${nameOf(line)} `));
      expect(helps[index]?.code).toBe(0);
    }
  });
});
