/**
 * scripts/ensure-redis.mjs, which `npm test` runs first: it uses the redis-server it finds, and where it can
 * neither find nor install one (no root, or no apt) it stops with the commands to run. Never a silent skip.
 */
import { describe, expect, it } from 'vitest';
import { isRoot, runEnsure, withFakeBin } from '../../../test/support/ensure-script.js';

const DEBIAN = 'sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server';

describe('scripts/ensure-redis.mjs', () => {
  it('uses REDIS_SERVER when it names a program', async () => {
    await withFakeBin('my-redis', async (_dir, fake) => {
      const run = runEnsure('ensure-redis', { PATH: '', REDIS_SERVER: fake });
      expect(run.stderr).toContain(`using ${fake}`);
      expect(run.status).toBe(0);
    });
  });

  it('finds redis-server on the PATH', async () => {
    await withFakeBin('redis-server', async (dir, fake) => {
      const run = runEnsure('ensure-redis', { PATH: dir });
      expect(run.stderr).toContain(`using ${fake}`);
      expect(run.status).toBe(0);
    });
  });

  it('refuses a REDIS_SERVER that is not a program, and installs nothing instead', () => {
    const run = runEnsure('ensure-redis', { PATH: '', REDIS_SERVER: '/nonexistent/redis-server' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('REDIS_SERVER=/nonexistent/redis-server is not an executable file');
    expect(run.stderr).toContain(DEBIAN);
  });

  it('without root, fails with the commands for Debian and macOS, and never runs apt-get', async () => {
    await withFakeBin('apt-get', async (dir) => {
      const run = runEnsure('ensure-redis', { PATH: dir }, { asNonRoot: true });
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('fake apt-get ran');
      expect(run.stderr).toContain('no redis-server found');
      expect(run.stderr).toContain('installing it with apt needs root');
      expect(run.stderr).toContain(`Debian/Ubuntu:     ${DEBIAN}`);
      expect(run.stderr).toContain('macOS (Homebrew):  brew install redis');
      expect(run.stderr).toContain('export REDIS_SERVER=/path/to/redis-server');
    });
  });

  it.runIf(isRoot)('as root but without apt-get, fails with the same commands', () => {
    const run = runEnsure('ensure-redis', { PATH: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('apt-get is not available here to install it');
    expect(run.stderr).toContain(DEBIAN);
    expect(run.stderr).toContain('brew install redis');
  });

  it.runIf(isRoot)('as root, when apt-get installs nothing usable, says so and fails', async () => {
    await withFakeBin('apt-get', async (dir) => {
      const run = runEnsure('ensure-redis', { PATH: dir });
      // Waiting for dpkg's lock, so that another apt run (unattended upgrades) does not fail the install.
      expect(run.stdout).toContain(
        'fake apt-get ran: -o DPkg::Lock::Timeout=300 install -y --no-install-recommends redis-server',
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('apt installed redis-server, but still no redis-server found');
    });
  });
});
