import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase } from '../store/sqlite/database.js';
import { workersScenario } from './workers-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-history-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A count read beside the running syncs, on a connection of its own; 0 while there is no such table. */
function count(file: string, table: string): number {
  if (!existsSync(file)) return 0;
  const db = openDatabase(file);
  try {
    const found = db.prepare('SELECT COUNT(*) AS n FROM sqlite_master WHERE name = ?').get(table);
    return Number(found?.n) === 0 ? 0 : Number(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n);
  } finally {
    db.close();
  }
}

workersScenario('many sync processes on one SQLite history', async () => {
  const file = join(dir, 'history.sqlite');
  return {
    location: file,
    held: async () => count(file, 'transactions'),
    leases: async () => count(file, 'sync_leases'),
    close: async () => undefined,
  };
});
