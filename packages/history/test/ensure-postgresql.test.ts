/**
 * scripts/ensure-postgresql.mjs, which `npm test` runs first: it uses the PostgreSQL programs it finds (PG_BIN, the
 * PATH, or where Debian and Homebrew put them, newest major first), and where it can neither find nor install them
 * (no root, or no apt) it stops with the commands to run. Never a silent skip.
 *
 * PG_SEARCH_DIRS= (empty) hides Debian's /usr/lib/postgresql from the script, so the failure paths are seen on a
 * machine that has PostgreSQL installed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate, TOOLS } from '../../../scripts/system-tools.mjs';
import { isRoot, runEnsure, withFakeBin, withFakeBins } from '../../../test/support/ensure-script.js';

const DEBIAN = 'sudo apt-get update && sudo apt-get install -y --no-install-recommends postgresql';
const PROGRAMS = ['initdb', 'pg_ctl', 'postgres'];

describe('scripts/ensure-postgresql.mjs', () => {
  it('uses PG_BIN when it holds initdb, pg_ctl and postgres', async () => {
    await withFakeBins(PROGRAMS, async (dir) => {
      const run = runEnsure('ensure-postgresql', { PATH: '', PG_SEARCH_DIRS: '', PG_BIN: dir });
      expect(run.stderr).toContain(`using ${dir}`);
      expect(run.status).toBe(0);
    });
  });

  it('finds the three programs together on the PATH', async () => {
    await withFakeBins(PROGRAMS, async (dir) => {
      const run = runEnsure('ensure-postgresql', { PATH: dir, PG_SEARCH_DIRS: '' });
      expect(run.stderr).toContain(`using ${dir}`);
      expect(run.status).toBe(0);
    });
  });

  it('refuses a PG_BIN that lacks a program, names what is missing, and installs nothing instead', async () => {
    await withFakeBins(['initdb', 'pg_ctl'], async (dir) => {
      const run = runEnsure('ensure-postgresql', { PATH: '', PG_SEARCH_DIRS: '', PG_BIN: dir });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`PG_BIN=${dir} is not a directory holding postgres`);
      expect(run.stderr).toContain(DEBIAN);
    });
  });

  it('without root, fails with the commands for Debian and macOS, and never runs apt-get', async () => {
    await withFakeBin('apt-get', async (dir) => {
      const run = runEnsure('ensure-postgresql', { PATH: dir, PG_SEARCH_DIRS: '' }, { asNonRoot: true });
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('fake apt-get ran');
      expect(run.stderr).toContain('no PostgreSQL (initdb, pg_ctl and postgres) found');
      expect(run.stderr).toContain('installing it with apt needs root');
      expect(run.stderr).toContain(`Debian/Ubuntu:     ${DEBIAN}`);
      expect(run.stderr).toContain('macOS (Homebrew):  brew install postgresql@16');
      expect(run.stderr).toContain('export PG_BIN=/path/to/postgresql/bin');
    });
  });

  it('does not take a PATH directory holding only some of the programs', async () => {
    await withFakeBins(['initdb', 'apt-get'], async (dir) => {
      const run = runEnsure('ensure-postgresql', { PATH: dir, PG_SEARCH_DIRS: '' }, { asNonRoot: true });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('initdb, pg_ctl, postgres are not together on the PATH');
    });
  });

  it.runIf(isRoot)('as root but without apt-get, fails with the same commands', () => {
    const run = runEnsure('ensure-postgresql', { PATH: '', PG_SEARCH_DIRS: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('apt-get is not available here to install it');
    expect(run.stderr).toContain(DEBIAN);
    expect(run.stderr).toContain('brew install postgresql@16');
  });

  it.runIf(isRoot)('as root, when apt-get installs nothing usable, says so and fails', async () => {
    await withFakeBin('apt-get', async (dir) => {
      const run = runEnsure('ensure-postgresql', { PATH: dir, PG_SEARCH_DIRS: '' });
      expect(run.stdout).toContain(
        'fake apt-get ran: -o DPkg::Lock::Timeout=300 install -y --no-install-recommends postgresql',
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('apt installed postgresql, but still no PostgreSQL');
    });
  });
});

describe("PostgreSQL's programs where the packages put them", () => {
  /** A fake root with bin directories for `versions` under `layout` (a pattern with one `*`). */
  async function withVersions(
    layout: string,
    versions: { version: string; programs: string[] }[],
    body: (pattern: string) => void,
  ): Promise<void> {
    const root = await mkdtemp(join(tmpdir(), 'monzo-pgdirs-'));
    try {
      for (const { version, programs } of versions) {
        const bin = join(root, layout.replace('*', version));
        await mkdir(bin, { recursive: true });
        for (const name of programs) await writeFile(join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
      }
      body(join(root, layout));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  it("takes Debian's newest major version, comparing versions as numbers", async () => {
    const versions = ['9.6', '13', '16'].map((version) => ({ version, programs: PROGRAMS }));
    await withVersions('usr/lib/postgresql/*/bin', versions, (pattern) => {
      const found = locate(TOOLS.postgresql, { PATH: '', PG_SEARCH_DIRS: pattern }, 'linux');
      expect(found).toEqual({ path: pattern.replace('*', '16') });
    });
  });

  it('passes over a newer version whose server programs are not all installed', async () => {
    const versions = [
      { version: '17', programs: ['pg_ctl'] },
      { version: '15', programs: PROGRAMS },
    ];
    await withVersions('opt/homebrew/opt/postgresql@*/bin', versions, (pattern) => {
      const found = locate(TOOLS.postgresql, { PATH: '', PG_SEARCH_DIRS: pattern }, 'darwin');
      expect(found).toEqual({ path: pattern.replace('*', '15') });
    });
  });

  it('prefers the PATH to the packages’ directories', async () => {
    await withFakeBins(PROGRAMS, async (onPath) => {
      const versions = [{ version: '16', programs: PROGRAMS }];
      await withVersions('usr/lib/postgresql/*/bin', versions, (pattern) => {
        const found = locate(TOOLS.postgresql, { PATH: onPath, PG_SEARCH_DIRS: pattern }, 'linux');
        expect(found).toEqual({ path: onPath });
      });
    });
  });

  it('says where it looked when no version there has the programs', async () => {
    await withVersions('usr/lib/postgresql/*/bin', [{ version: '16', programs: ['initdb'] }], (pattern) => {
      const found = locate(TOOLS.postgresql, { PATH: '', PG_SEARCH_DIRS: pattern }, 'linux');
      expect(found).toEqual({
        problem: `no PostgreSQL (initdb, pg_ctl and postgres) found (PG_BIN is not set, and initdb, pg_ctl, postgres are not together on the PATH, nor in ${pattern})`,
      });
    });
  });
});
