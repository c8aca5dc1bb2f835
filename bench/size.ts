/**
 * What each SDK costs a user before the first call, measured in the same run: the bundle a user's bundler
 * makes of the package (esbuild, minified, then gzipped) and the time a cold `import()` adds to starting Node.
 * monzo-ts beside `openai` and `stripe`, both installed as dev-dependencies. `npm run size` prints this table
 * alone; `npm run bench` includes it. The budget CI enforces is in `.size-limit.json`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { pick } from './mode.js';
import { printTable } from './support.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.SIZE_RUNS ?? pick(9, 21));

/** The packages compared, and what a user writes to load each one. */
const PACKAGES = [
  { name: 'monzo-ts', source: "export * from 'monzo-ts';" },
  { name: 'monzo-ts/webhooks', source: "export * from 'monzo-ts/webhooks';" },
  { name: 'openai', source: "export * from 'openai'; export { default } from 'openai';" },
  { name: 'stripe', source: "export { default } from 'stripe';" },
] as const;

export interface SizeResult {
  name: string;
  version: string;
  minifiedBytes: number;
  gzippedBytes: number;
  /** Median wall time of `node -e "await import(name)"` less that of `node -e ""`. */
  importMs: number;
}

/** The package bundled for Node as a user's bundler would, minified: every byte its import pulls in. */
async function bundled(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Wall time of one fresh Node process running `script`, in ms. */
function time(script: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e ${script} failed: ${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The installed version, from the package's own package.json (which its `exports` may not expose). */
function versionOf(name: string): string {
  const manifest = join(ROOT, 'node_modules', name.split('/')[0] as string, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Sizes and import times of every package, the imports interleaved so that a slow moment weighs on all alike. */
export async function sizeBenchmark(): Promise<SizeResult[]> {
  const scripts = PACKAGES.map(({ name }) => `await import(${JSON.stringify(name)});`);
  for (const script of scripts) time(script); // warms the file system cache
  const baseline: number[] = [];
  const imports: number[][] = PACKAGES.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    baseline.push(time(''));
    for (const [index, script] of scripts.entries()) imports[index]?.push(time(script));
  }
  const results: SizeResult[] = [];
  for (const [index, { name, source }] of PACKAGES.entries()) {
    const minified = await bundled(source);
    results.push({
      name,
      version: versionOf(name),
      minifiedBytes: Buffer.byteLength(minified),
      gzippedBytes: gzipSync(minified, { level: 9 }).length,
      importMs: median(imports[index] ?? []) - median(baseline),
    });
  }
  const monzo = results[0] as SizeResult;
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  printTable(
    `Size and cold start (esbuild for Node, minified, gzip -9; import time: median of ${RUNS} fresh processes less an empty one, ${median(baseline).toFixed(0)} ms; ratios: monzo-ts ÷ the package)`,
    ['package', 'version', 'minified', 'min+gzip', 'import', 'monzo-ts size ratio', 'monzo-ts import ratio'],
    results.map((result) => [
      result.name,
      result.version,
      kB(result.minifiedBytes),
      kB(result.gzippedBytes),
      `${result.importMs.toFixed(1)} ms`,
      result.name.startsWith('monzo-ts') ? '-' : `${(monzo.gzippedBytes / result.gzippedBytes).toFixed(2)}×`,
      result.name.startsWith('monzo-ts') ? '-' : `${(monzo.importMs / result.importMs).toFixed(2)}×`,
    ]),
  );
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await sizeBenchmark();
