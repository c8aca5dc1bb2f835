/**
 * scripts/ensure-chromium.mjs, which `npm test` runs first: it uses the Chromium or Chrome it finds, and where it
 * can neither find nor install one (no root, or no apt) it stops with the commands to run. Never a silent skip.
 */
import { describe, expect, it } from 'vitest';
import { isRoot, runEnsure, withFakeBin } from '../../../../test/support/ensure-script.js';

const DEBIAN = 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium';

describe('scripts/ensure-chromium.mjs', () => {
  it('uses CHROMIUM_PATH when it names a program', async () => {
    await withFakeBin('my-browser', async (_dir, fake) => {
      const run = runEnsure('ensure-chromium', { PATH: '', CHROMIUM_PATH: fake });
      expect(run.stderr).toContain(`using ${fake}`);
      expect(run.status).toBe(0);
    });
  });

  it('finds a Chrome on the PATH under any of its usual names', async () => {
    await withFakeBin('google-chrome', async (dir, fake) => {
      const run = runEnsure('ensure-chromium', { PATH: dir });
      expect(run.stderr).toContain(`using ${fake}`);
      expect(run.status).toBe(0);
    });
  });

  it('refuses a CHROMIUM_PATH that is not a program, and installs nothing instead', () => {
    const run = runEnsure('ensure-chromium', { PATH: '', CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CHROMIUM_PATH=/nonexistent/chromium is not an executable file');
    expect(run.stderr).toContain(DEBIAN);
  });

  it('without root, fails with the commands for Debian and macOS, and never runs apt-get', async () => {
    await withFakeBin('apt-get', async (dir) => {
      const run = runEnsure('ensure-chromium', { PATH: dir }, { asNonRoot: true });
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('fake apt-get ran');
      expect(run.stderr).toContain('no Chromium (or Google Chrome) found');
      expect(run.stderr).toContain('installing it with apt needs root');
      expect(run.stderr).toContain(`Debian/Ubuntu:     ${DEBIAN}`);
      expect(run.stderr).toContain('macOS (Homebrew):  brew install --cask google-chrome');
      expect(run.stderr).toContain('export CHROMIUM_PATH=/path/to/chromium');
    });
  });

  it.runIf(isRoot)('as root but without apt-get, fails with the same commands', () => {
    const run = runEnsure('ensure-chromium', { PATH: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('apt-get is not available here to install it');
    expect(run.stderr).toContain(DEBIAN);
  });
});
