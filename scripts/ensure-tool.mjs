/**
 * What ensure-chromium.mjs and ensure-redis.mjs share: use the tool where it is, install it with apt only where
 * that can work (root, apt-get on the PATH, and no explicit path given), and otherwise stop `npm test` with the
 * exact commands for Debian and macOS. It never downloads a build of its own and never lets a test be skipped.
 */
import { spawnSync } from 'node:child_process';
import { installHelp, locate, onPath } from './system-tools.mjs';

/** Makes sure `tool` can be found; exits 1 with what to do when it cannot. */
export function ensure(tool, name) {
  const say = (line) => console.error(`${name}: ${line}`);
  const fail = (reason) => {
    say(reason);
    for (const line of installHelp(tool)) console.error(line);
    process.exit(1);
  };

  const found = locate(tool);
  if ('path' in found) {
    say(`using ${found.path}`);
    return found.path;
  }
  // A path chosen by hand that is wrong is a mistake to report, not a reason to install something else.
  if (process.env[tool.variable]) fail(found.problem);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) fail(`${found.problem}; installing it with apt needs root`);
  if (!onPath('apt-get')) fail(`${found.problem}; apt-get is not available here to install it`);

  say(`${found.problem}; installing ${tool.debian} with apt (this can take a few minutes)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt run (an unattended upgrade, a second ensure script) holds dpkg's lock for a while: wait for it
  // rather than fail at once with "Could not get lock".
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', tool.debian]]) {
    const result = spawnSync('apt-get', [...waitForLock, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env,
    });
    if (result.status !== 0)
      fail(`\`apt-get ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
  }
  const installed = locate(tool);
  if (!('path' in installed)) fail(`apt installed ${tool.debian}, but still ${installed.problem}`);
  say(`installed ${installed.path}`);
  return installed.path;
}
