import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestOf, type Packed, PUBLISHED, pack } from './support/packing.js';
import { REPO_ROOT } from './support/runtimes.js';

// What publint and arethetypeswrong find in each tarball as npm would publish it: packaging mistakes (a file
// not packed, a wrong extension, a CJS consumer handed ESM types) that the packages' own tests cannot see.

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

interface AttwAnalysis {
  packageName: string;
  types: unknown;
  entrypoints?: Record<string, unknown>;
  problems?: AttwProblem[];
}

interface AttwCore {
  createPackageFromTarballData(data: Uint8Array): unknown;
  checkPackage(pkg: unknown): Promise<AttwAnalysis>;
}

// The CLI's engine, loaded once in this process rather than one CLI process per package (a second each, for
// the TypeScript it loads). Resolved from the CLI, the declared dev dependency, whose exact version it pins.
const fromCli = createRequire(join(REPO_ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'package.json'));
const loadCore = async () => ({
  core: (await import(pathToFileURL(fromCli.resolve('@arethetypeswrong/core')).href)) as AttwCore,
  info: (
    (await import(pathToFileURL(fromCli.resolve('@arethetypeswrong/core/problems')).href)) as {
      problemKindInfo: Record<string, { description: string }>;
    }
  ).problemKindInfo,
});

let work: string;
const packed = new Map<string, Packed>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'monzo-ts-lint-'));
  for (const { dir } of PUBLISHED) packed.set(dir, pack(dir, work));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** publint's findings, strict (warnings count) and down to suggestions, each as one readable line. */
async function publintFindings(dir: string): Promise<string[]> {
  const tarball = readFileSync(packed.get(dir)!.tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    strict: true,
    level: 'suggestion',
  });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`);
}

/**
 * arethetypeswrong's analysis of a tarball, as its CLI's default (strictest) profile sees it: node10, node16 from
 * CJS and from ESM, and bundler resolution; each problem as one readable line.
 */
async function attw(dir: string): Promise<{ analysis: AttwAnalysis; problems: string[] }> {
  const { core, info } = await loadCore();
  const analysis = await core.checkPackage(
    core.createPackageFromTarballData(new Uint8Array(readFileSync(packed.get(dir)!.tarball))),
  );
  const problems = (analysis.problems ?? []).map(
    ({ kind, entrypoint, resolutionKind }) =>
      `${kind} at ${entrypoint ?? '(package)'} under ${resolutionKind ?? 'every resolution'}: ${info[kind]?.description}`,
  );
  return { analysis, problems };
}

describe.each(PUBLISHED)('the packed $name', { timeout: 60_000 }, ({ dir }) => {
  it('has nothing for publint to report, suggestions included', async () => {
    expect(await publintFindings(dir)).toEqual([]);
  });
});

describe.each(PUBLISHED.filter(({ dir }) => dir !== 'cli'))(
  'the types of $name',
  { timeout: 60_000 },
  ({ dir }) => {
    it('resolve for ESM and CJS consumers under every TypeScript resolution mode', async () => {
      const { analysis, problems } = await attw(dir);
      expect(problems).toEqual([]);
      expect(analysis.types).toBeTruthy();
      // Every entry point was analysed, not just the root.
      const exported = Object.keys(manifestOf(dir).exports as Record<string, unknown>);
      expect(Object.keys(analysis.entrypoints ?? {}).sort()).toEqual(exported.sort());
    });
  },
);

describe('the packed @monzo-ts/cli', () => {
  it('is a command only: no module to import, so no types for arethetypeswrong to check', async () => {
    const manifest = manifestOf('cli');
    expect(manifest.bin).toEqual({ monzo: './bin/monzo.js' });
    for (const field of ['main', 'module', 'types', 'exports']) expect(manifest[field]).toBeUndefined();
    const { analysis, problems } = await attw('cli');
    expect(analysis).toEqual({
      packageName: '@monzo-ts/cli',
      packageVersion: manifest.version,
      types: false,
    });
    expect(problems).toEqual([]);
  });
});
