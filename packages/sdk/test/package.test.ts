import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CJS_CONSUMER,
  ESM_CONSUMER,
  TS_CJS_CONSUMER,
  TS_CONFIG,
  TS_ESM_CONSUMER,
} from './support/consumers.js';
import { exampleText } from './support/fixtures.js';
import { pack, run } from './support/packing.js';
import { NODE_MAJORS, nodeFor, prefetchBinaries, REPO_ROOT } from './support/runtimes.js';

// The package as a user gets it: built, packed, installed from the tarball into a project of its own, and used
// from ESM, CommonJS and TypeScript, under Node 20 (the oldest its `engines` allow), 22, 24 and 26.

const SDK_DIR = join(REPO_ROOT, 'packages', 'sdk');
const DIST_FILES = ['index', 'webhooks'].flatMap((entry) =>
  ['.js', '.cjs', '.d.ts', '.d.cts'].map((extension) => `${entry}${extension}`),
);
const manifest = JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

interface ConsumerReport {
  node: string;
  version: string;
  accounts: string[];
  notFound: boolean;
  loginUrl: string;
  stateLength: number;
  pence: string;
  webhook: { status: number; seen: string[]; sameErrorClass: boolean; forged: string };
}

describe('the packed monzo-ts package', { timeout: 120_000 }, () => {
  let work: string;
  let project: string;
  let packedFiles: string[];

  beforeAll(async () => {
    const binaries = prefetchBinaries([...NODE_MAJORS]);
    work = mkdtempSync(join(tmpdir(), 'monzo-ts-package-'));
    const packed = pack('sdk', work);
    packedFiles = packed.files;
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    // A plain install of the tarball: it has no dependencies, so nothing else is fetched.
    run('npm', ['install', packed.tarball, '--no-audit', '--no-fund'], project);
    writeFileSync(join(project, 'accounts.json'), exampleText('accounts-list.response.json'));
    writeFileSync(join(project, 'consumer.mjs'), ESM_CONSUMER);
    writeFileSync(join(project, 'consumer.cjs'), CJS_CONSUMER);
    writeFileSync(join(project, 'consumer.mts'), TS_ESM_CONSUMER);
    writeFileSync(join(project, 'consumer.cts'), TS_CJS_CONSUMER);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TS_CONFIG));
    await binaries;
  }, 360_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has no runtime dependencies', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    const installed = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).toEqual(['monzo-ts']);
  });

  it('packs the built files and no sources or tests', () => {
    for (const file of DIST_FILES) expect(packedFiles).toContain(`dist/${file}`);
    expect(packedFiles).toContain('package.json');
    const strays = packedFiles.filter(
      (path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(path),
    );
    expect(strays).toEqual([]);
    expect(packedFiles.filter((path) => /\.test\.|(^|\/)(src|test)\//.test(path))).toEqual([]);
  });

  const expected = (major: number) => ({
    node: expect.stringMatching(new RegExp(`^v${major}\\.`)),
    version: manifest.version,
    accounts: ['acc_00009237aqC8c5umZmrRdh'],
    notFound: true,
    loginUrl: 'https://auth.monzo.com/',
    stateLength: 43,
    pence: expect.stringContaining('10.50'),
    webhook: { status: 200, seen: ['tx_1'], sameErrorClass: true, forged: 'MonzoWebhookError' },
  });

  function consume(node: string, file: string): ConsumerReport {
    const output = run(node, [file], project).trim().split('\n').at(-1) ?? '';
    return JSON.parse(output) as ConsumerReport;
  }

  it.each(NODE_MAJORS)('works with import() and require() under Node %i', (major) => {
    const node = nodeFor(major);
    expect(consume(node, 'consumer.mjs')).toEqual(expected(major));
    expect(consume(node, 'consumer.cjs')).toEqual(expected(major));
  });

  it('type-checks a TypeScript consumer under NodeNext resolution, ESM and CommonJS', () => {
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(run(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], project)).toBe('');
  });

  it('rejects a TypeScript consumer that misuses the types', () => {
    writeFileSync(
      join(project, 'misuse.mts'),
      "import { MonzoClient } from 'monzo-ts';\nnew MonzoClient({ accessToken: 42 });\n",
    );
    // The declarations were checked by the test before: here only the consumer's own error matters.
    const compilerOptions = { ...TS_CONFIG.compilerOptions, skipLibCheck: true };
    writeFileSync(
      join(project, 'tsconfig.misuse.json'),
      JSON.stringify({ ...TS_CONFIG, compilerOptions, files: ['misuse.mts'] }),
    );
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => run(process.execPath, [tsc, '-p', join(project, 'tsconfig.misuse.json')], project)).toThrow(
      /misuse\.mts.*error TS2322/s,
    );
  });
});
