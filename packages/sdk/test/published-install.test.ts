import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startMockServer } from '../../mock/src/index.js';
import { PUBLISHED, pack, run } from './support/packing.js';
import { CJS_PROGRAM, ESM_PROGRAM, TS_CJS_PROGRAM, TS_ESM_PROGRAM } from './support/published-consumers.js';
import { cleanEnv, NODE_MAJORS, nodeFor, prefetchBinaries, REPO_ROOT } from './support/runtimes.js';

// The five packages as a user gets them: packed, installed together from their tarballs into a project of its
// own (their real dependencies, ioredis, commander and the rest, from the registry), and used from ESM,
// CommonJS and TypeScript, and through the installed `monzo` command, under Node 20 (the oldest the `engines`
// allow), 22, 24 and 26.

let work: string;
let project: string;

beforeAll(async () => {
  const binaries = prefetchBinaries([...NODE_MAJORS]);
  work = mkdtempSync(join(tmpdir(), 'monzo-ts-published-'));
  const tarballs = PUBLISHED.map(({ dir }) => pack(dir, work).tarball);
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // Without the CLI's optional SQLite binding: with no prebuilt binary to download here, npm would compile it
  // from source (minutes on two cores). The CLI runs without it; its own tests cover the database.
  run('npm', ['install', ...tarballs, '--omit=optional', '--no-audit', '--no-fund'], project);
  writeFileSync(join(project, 'program.mjs'), ESM_PROGRAM);
  writeFileSync(join(project, 'program.cjs'), CJS_PROGRAM);
  writeFileSync(join(project, 'program.mts'), TS_ESM_PROGRAM);
  writeFileSync(join(project, 'program.cts'), TS_CJS_PROGRAM);
  await binaries;
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const installed = (name: string) => join(project, 'node_modules', ...name.split('/'));

describe('the five packages installed together from their tarballs', { timeout: 60_000 }, () => {
  it('share one copy of monzo-ts and of the emulator', () => {
    for (const { name } of PUBLISHED) {
      const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8'));
      expect(manifest.name).toBe(name);
    }
    // A nested copy would give the Redis store and the CLI error classes of their own.
    for (const dependent of ['@monzo-ts/cli', '@monzo-ts/redis', '@monzo-ts/history']) {
      expect(existsSync(join(installed(dependent), 'node_modules', 'monzo-ts'))).toBe(false);
      expect(existsSync(join(installed(dependent), 'node_modules', '@monzo-ts'))).toBe(false);
    }
  });

  const expected = {
    accounts: expect.arrayContaining([expect.stringMatching(/^acc_/)]),
    redis: { tokenStoreError: true, mentionsRedis: true, defaultKey: 'monzo:tokens' },
    webhookWithoutRedis: 503,
  };

  function runProgram(major: number, file: string) {
    const report = JSON.parse(run(nodeFor(major), [file], project).trim().split('\n').at(-1) ?? '');
    expect(report).toEqual({ ...expected, seeded: report.accounts, history: report.history });
    expect(report.accounts).toHaveLength(3);
    // Node 20 has no node:sqlite, and the optional better-sqlite3 was left out of the install.
    if (major === 20) expect(report.history).toEqual({ refused: 'NO_SQLITE' });
    else {
      expect(report.history.listed).toBeGreaterThan(0);
      expect(report.history).toEqual({ held: report.history.listed, listed: report.history.listed });
    }
  }

  it.each(NODE_MAJORS)('work together from import and from require under Node %i', (major) => {
    runProgram(major, 'program.mjs');
    runProgram(major, 'program.cjs');
  });

  it('type-check together under NodeNext resolution, without skipLibCheck', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // TypeScript's own lib files only (lib.dom.d.ts and the rest): no change of ours can break them.
          skipDefaultLibCheck: true,
          // The emulator's and the Redis store's types name Node's (http servers, Buffers).
          types: ['node'],
          typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
        },
        files: ['program.mts', 'program.cts'],
      }),
    );
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
    });
    // ioredis's own declarations import 'redis-errors', which ships no types: an error of theirs, not ours,
    // that every project checking its libraries meets with ioredis 6.
    const errors = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((line) => /error TS\d+/.test(line) && !line.startsWith('node_modules/ioredis/'));
    expect(result.status === 0 || /error TS/.test(result.stdout)).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('the installed monzo command', { timeout: 60_000 }, () => {
  const env = () => ({
    ...cleanEnv(),
    // Its login file and data go to the scratch folder, never the user's.
    XDG_CONFIG_HOME: join(work, 'config'),
    XDG_DATA_HOME: join(work, 'data'),
    NO_COLOR: '1',
  });

  it("shows its help and version through npx, as does the emulator's monzo-mock", () => {
    const help = run('npx', ['--no', '--', 'monzo', '--help'], project, env());
    expect(help).toMatch(/^Usage: monzo \[options\] \[command\]/);
    for (const command of ['login', 'accounts', 'balance', 'transactions', 'sync', 'webhooks']) {
      expect(help).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(run('npx', ['--no', '--', 'monzo', '--version'], project, env()).trim()).toBe('0.1.0');
    // The emulator's own command comes with @monzo-ts/mock.
    expect(run('npx', ['--no', '--', 'monzo-mock', '--help'], project, env())).toMatch(/^Usage: monzo-mock/m);
  });

  it('runs the demo against the bundled emulator, from login to logout', () => {
    const output = run('npx', ['--no', '--', 'monzo', 'demo'], project, env());
    expect(output).toMatch(/Monzo emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/logged in as user_/);
    expect(output).toMatch(/acc_\w+ {2}uk_retail\n/);
    expect(output).toMatch(/demo complete/);
    // The demo keeps its login in a folder of its own: the user's real login is never touched.
    expect(existsSync(join(work, 'config'))).toBe(false);
  });
});

describe('the installed monzo command under each Node', { timeout: 120_000 }, () => {
  /** The installed package's own `bin` entry: what npm links as `monzo`, run by the Node under test. */
  const bin = () => {
    const cli = installed('@monzo-ts/cli');
    const manifest = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')) as {
      bin: { monzo: string };
    };
    return join(cli, manifest.bin.monzo);
  };

  /** `node <monzo bin> …args`, asynchronously: an emulator in this process must go on answering meanwhile. */
  const monzo = (node: string, args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(node, [bin(), ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  it.each(NODE_MAJORS)(
    'prints its version, runs the demo and lists accounts under Node %i',
    async (major) => {
      const node = nodeFor(major);
      const home = join(work, `node${major}`);
      const env = {
        ...cleanEnv(),
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        NO_COLOR: '1',
      };
      const { version } = JSON.parse(readFileSync(join(installed('@monzo-ts/cli'), 'package.json'), 'utf8'));
      const shown = await monzo(node, ['--version'], env);
      expect(shown).toMatchObject({ code: 0, stdout: `${version}\n` });

      const demo = await monzo(node, ['demo'], env);
      expect(demo.code, demo.stderr).toBe(0);
      expect(demo.stdout).toMatch(/logged in as user_/);
      expect(demo.stdout).toMatch(/demo complete/);

      const mock = await startMockServer({ autoApprove: true });
      try {
        const tokens = await signIn(mock);
        const accounts = await monzo(node, ['accounts', '--json'], {
          ...env,
          MONZO_API_URL: mock.url,
          MONZO_ACCESS_TOKEN: tokens.access_token,
        });
        expect(accounts.code, accounts.stderr).toBe(0);
        const listed = (JSON.parse(accounts.stdout) as Array<{ id: string }>).map((account) => account.id);
        const all = mock.control.dataset().accounts.map((account) => account.id);
        expect(listed.sort()).toEqual(all.sort());
      } finally {
        await mock.close();
      }
      expect(existsSync(join(home, 'config'))).toBe(false);
    },
  );
});
