#!/usr/bin/env node
/**
 * Makes sure Debian's `redis-server` is on the PATH for the `@monzo-ts/redis` tests (`npm test` runs this first).
 * Installs it with apt when it can (root, apt-get on the PATH); otherwise fails with the command to run. It never
 * downloads a Redis build of its own and never lets the tests be skipped silently.
 */
import { spawnSync } from 'node:child_process';

const INSTALL = ['install', '-y', '--no-install-recommends', 'redis-server'];
const COMMAND = `apt-get update && apt-get ${INSTALL.join(' ')}`;

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function fail(reason) {
  console.error(`ensure-redis: ${reason}`);
  console.error(`The @monzo-ts/redis tests need Debian's redis-server. Install it with:`);
  console.error(`  sudo sh -c '${COMMAND}'`);
  process.exit(1);
}

if (onPath('redis-server')) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) fail('redis-server is missing, and installing it needs root');
if (!onPath('apt-get')) fail('redis-server is missing, and apt-get is not available here');

console.error('ensure-redis: redis-server is missing; installing it with apt…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], INSTALL]) {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.status !== 0)
    fail(`\`apt-get ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}
if (!onPath('redis-server')) fail('apt installed redis-server, but it is still not on the PATH');
console.error('ensure-redis: installed redis-server');
