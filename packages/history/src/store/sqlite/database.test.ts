import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../../../../test/support/bundled.js';
import { nodeBinary } from '../../../../sdk/test/support/node-versions.js';
import { HistoryError } from '../../errors.js';
import { findDriver, openDatabase } from './database.js';
import { migrate, SCHEMA_VERSION, userVersion } from './schema.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The round trip of `driver-check.script.ts` (bundled for this run, test/support/bundles.ts) under a Node
 * binary: its one JSON line, and its stderr.
 */
function roundTrip(node: string, file: string) {
  const result = execFileSync(node, [bundled('sqlite-driver-check'), file], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(result.trim()) as Record<string, unknown>;
}

describe('the SQLite adapter', () => {
  it('uses better-sqlite3 under Node 20 and node:sqlite under Node 24, with the same results and failures', () => {
    const node20 = roundTrip(process.execPath, join(dir, 'node20.sqlite'));
    const node24 = roundTrip(nodeBinary(24), join(dir, 'node24.sqlite'));
    expect(node20.driver).toBe(process.versions.node.startsWith('20.') ? 'better-sqlite3' : 'node:sqlite');
    expect(node24.driver).toBe('node:sqlite');
    // A page inserted, then the same page again with one payment settled: one update, nothing doubled.
    expect(node24).toMatchObject({ first: { inserted: 2, updated: 0 }, again: { inserted: 0, updated: 1 } });
    expect(node24.journal).toBe('wal');
    // Failures come out alike: SQLite's own full disk, a file that is not a database; and the immutable read.
    expect(node24).toMatchObject({
      full: 'full SQLITE_FULL',
      notADatabase: 'damaged SQLITE_NOTADB',
      immutable: 2,
    });
    expect({ ...node24, driver: '' }).toEqual({ ...node20, driver: '' });
  });

  it('commits a transaction whole or not at all', () => {
    const db = openDatabase(join(dir, 'tx.sqlite'));
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (?)').run(1));
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (?)').run(2);
        throw new Error('killed half-way');
      }),
    ).toThrow('killed half-way');
    expect([...db.prepare('SELECT n FROM t').iterate()].map((row) => row.n)).toEqual([1]);
    db.close();
  });

  it('migrates a new database to the current schema once, and refuses one from a newer version', () => {
    const file = join(dir, 'schema.sqlite');
    const db = openDatabase(file);
    migrate(db);
    migrate(db);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual([
      'accounts',
      'balances',
      'gaps',
      'merchants',
      'pots',
      'schema_migrations',
      'shapes',
      'sync_leases',
      'sync_state',
      'transactions',
    ]);
    const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions.map((row) => row.version)).toEqual([1, 2, 3]);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/written by a newer version of @monzo-ts\/history/);
    db.close();
  });

  it('without any SQLite binding, says why and the exact command that fixes it', () => {
    expect(findDriver()).toBeDefined();
    let error: unknown;
    try {
      openDatabase(join(dir, 'none.sqlite'), { drivers: () => undefined });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HistoryError);
    expect((error as HistoryError).code).toBe('NO_SQLITE');
    expect((error as HistoryError).message).toMatch(
      /has no node:sqlite .* better-sqlite3 package is not installed/,
    );
    expect((error as HistoryError).hint).toBe(
      'install better-sqlite3 beside @monzo-ts/history (`npm install better-sqlite3`), or use Node 22.13 or later',
    );
  });
});
