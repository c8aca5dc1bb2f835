#!/usr/bin/env node
// Reports what monzo-ts costs a user: the ESM bundle's size minified and minified+gzipped (the entry with the
// chunks it shares with `monzo-ts/webhooks`), the webhooks subpath's own, and the time a cold `import('monzo-ts')`
// adds to starting Node. Run after the build: `node packages/sdk/scripts/size.mjs [--runs N]`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
const webhooksDist = join(dirname(dist), 'webhooks.js');
if (!existsSync(dist)) {
  console.error(`No ${dist}: run \`npm run build -w monzo-ts\` first.`);
  process.exit(1);
}
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 21;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs takes a whole number, 1 or more');
  process.exit(1);
}

/** An entry file and the chunks it imports, as one ESM file: what a user's bundler starts from. */
async function bundle(entry, minify) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const source = await bundle(dist, false);
const minified = await bundle(dist, true);
const webhooksMinified = existsSync(webhooksDist) ? await bundle(webhooksDist, true) : undefined;
const gzip = (text) => gzipSync(text, { level: 9 }).length;

/** Wall time of one fresh Node process running `script`, in ms. */
function time(script) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e ${script} failed: ${result.stderr}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const importScript = `import(${JSON.stringify(pathToFileURL(dist).href)})`;
const baseline = [];
const imported = [];
time(importScript); // warms the file system cache, so the first measured run is not the odd one out
// Interleaved, so that a slow moment on the machine weighs on both sides alike.
for (let run = 0; run < runs; run++) {
  baseline.push(time(''));
  imported.push(time(importScript));
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const rows = [
  ['dist/index.js + chunks', kB(Buffer.byteLength(source)), `gzip ${kB(gzip(source))}`],
  ['minified (esbuild)', kB(Buffer.byteLength(minified)), ''],
  ['minified + gzipped', kB(gzip(minified)), ''],
  ...(webhooksMinified
    ? [['monzo-ts/webhooks, minified + gzipped', kB(gzip(webhooksMinified)), '(not loaded by monzo-ts)']]
    : []),
  [`node -e "" (median of ${runs})`, ms(median(baseline)), ''],
  [`node -e "import(dist)" (median of ${runs})`, ms(median(imported)), ''],
  ['cold import cost', ms(median(imported) - median(baseline)), ''],
];
const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
console.log(`monzo-ts size and import time (Node ${process.version})`);
for (const row of rows)
  console.log(
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
