#!/usr/bin/env node
/**
 * Makes sure Debian's Chromium is at /usr/bin/chromium for the CLI's browser test (`npm test` runs this first).
 * Installs it with apt when it can (root, apt-get on the PATH); otherwise fails with the command to run. It never
 * downloads a browser of its own and never lets the test be skipped silently.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL = ['install', '-y', '--no-install-recommends', 'chromium'];
const COMMAND = `apt-get update && apt-get ${INSTALL.join(' ')}`;

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function fail(reason) {
  console.error(`ensure-chromium: ${reason}`);
  console.error(`The login browser test needs Debian's Chromium at ${CHROMIUM}. Install it with:`);
  console.error(`  sudo sh -c '${COMMAND}'`);
  process.exit(1);
}

if (executable(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) fail(`${CHROMIUM} is missing, and installing it needs root`);
if (!onPath('apt-get')) fail(`${CHROMIUM} is missing, and apt-get is not available here`);

console.error(`ensure-chromium: ${CHROMIUM} is missing; installing it with apt (a few minutes)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], INSTALL]) {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.status !== 0)
    fail(`\`apt-get ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}
if (!executable(CHROMIUM)) fail(`apt installed chromium, but ${CHROMIUM} is still missing`);
console.error(`ensure-chromium: installed ${CHROMIUM}`);
