import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryDatabaseError } from '../../errors.js';
import { findDriver } from './drivers.js';
import { openHistoryDatabase, openHistoryForReading } from './schema.js';
import { SqliteStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-sqlite-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `fn` threw, for asserting on it whole. */
function failure(fn: () => unknown): HistoryDatabaseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryDatabaseError);
    return error as HistoryDatabaseError;
  }
  throw new Error('expected a failure');
}

/** What the promise `fn` gives rejected with. */
async function rejection(fn: () => Promise<unknown>): Promise<HistoryDatabaseError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryDatabaseError);
    return error as HistoryDatabaseError;
  }
  throw new Error('expected a failure');
}

/** A row of ~2 KB, as a transaction's JSON is. */
const row = (n: number) => [`gap_${n}`, 'x'.repeat(2_000)];

describe('failures of a SQLite history', () => {
  it('a full disk in the middle of a transaction is reported as a full disk, naming the file, not as "cannot rollback"', () => {
    const file = join(dir, 'full.sqlite');
    const db = openHistoryDatabase(file);
    const insert = db.prepare(
      "INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES (?, ?, 'b', 'c')",
    );
    db.transaction(() => insert.run(...row(0)));
    // SQLite's own limit on the file's size: SQLITE_FULL, for real, as a full disk gives it.
    const pages = Number(db.prepare('PRAGMA page_count').get()?.page_count);
    db.exec(`PRAGMA max_page_count = ${pages + 2}`);
    const error = failure(() =>
      db.transaction(() => {
        for (let n = 1; n < 200; n++) insert.run(...row(n));
      }),
    );
    expect(error).toMatchObject({
      code: 'DATABASE',
      problem: 'full',
      driverCode: 'SQLITE_FULL',
      location: file,
    });
    expect(error.message).toContain(`the disk holding the local history ${file} is full`);
    expect(error.message).not.toMatch(/cannot rollback/);
    expect(error.hint).toMatch(/^free some space on that disk .*then sync again: it continues/);
    // Nothing of the failed transaction stayed, what was committed did, and with room the next one goes in.
    expect(db.prepare('SELECT COUNT(*) AS n FROM gaps').get()?.n).toBe(1);
    db.exec('PRAGMA max_page_count = 1000000');
    db.transaction(() => insert.run(...row(1)));
    expect(db.prepare('SELECT COUNT(*) AS n FROM gaps').get()?.n).toBe(2);
    db.close();
  });

  it('a file that is not a database: names it and says to move it aside, to write or to read', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a database, '.repeat(200));
    for (const open of [openHistoryDatabase, openHistoryForReading]) {
      const error = failure(() => open(file));
      expect(error).toMatchObject({ problem: 'damaged', driverCode: 'SQLITE_NOTADB', location: file });
      expect(error.message).toBe(
        `${file} is not a SQLite database, or it is damaged (SQLITE_NOTADB: file is not a database)`,
      );
      expect(error.hint).toContain(`mv "${file}" "${file}.damaged"`);
      expect(error.hint).toContain('then sync to rebuild it');
    }
  });

  it('a damaged database (SQLITE_CORRUPT) is said to be damaged, with the same way out', () => {
    const file = join(dir, 'damaged.sqlite');
    const db = openHistoryDatabase(file);
    const insert = db.prepare(
      "INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES (?, ?, 'b', 'c')",
    );
    db.transaction(() => {
      for (let n = 0; n < 500; n++) insert.run(...row(n));
    });
    db.close();
    // Garbage over pages in the middle of the table.
    const fd = openSync(file, 'r+');
    const size = statSync(file).size;
    writeSync(fd, Buffer.alloc(3 * 16_384, 0xab), 0, 3 * 16_384, Math.floor(size / 2 / 16_384) * 16_384);
    closeSync(fd);
    const reader = openHistoryForReading(file);
    const error = failure(() => reader.prepare('SELECT COUNT(*), MAX(gap_to) FROM gaps').all());
    expect(error).toMatchObject({ problem: 'damaged', driverCode: 'SQLITE_CORRUPT', location: file });
    expect(error.hint).toContain(`mv "${file}" "${file}.damaged"`);
    reader.close();
  });

  it('a database another sync is writing: says so and to wait for it, for writes and for reads', () => {
    const file = join(dir, 'busy.sqlite');
    const first = openHistoryDatabase(file);
    const second = openHistoryDatabase(file);
    // Rather than the 10 s a sync waits.
    second.exec('PRAGMA busy_timeout = 0');
    first.exec('BEGIN IMMEDIATE');
    const error = failure(() =>
      second.transaction(() =>
        second
          .prepare("INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES ('a', 'b', 'c', 'd')")
          .run(),
      ),
    );
    expect(error).toMatchObject({ problem: 'busy', driverCode: 'SQLITE_BUSY', location: file });
    expect(error.message).toMatch(/locked by another process, most likely another sync/);
    expect(error.hint).toMatch(/^wait for the other sync to finish/);
    first.exec('ROLLBACK');
    first.close();
    second.close();
  });

  it('a folder where the file should be, or a file where its folder should be: cannot open, naming the path', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(failure(() => openHistoryDatabase(folder))).toMatchObject({
      problem: 'cannot-open',
      location: folder,
    });
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    const inside = join(file, 'history.sqlite');
    const error = failure(() => openHistoryDatabase(inside));
    expect(error).toMatchObject({ problem: 'cannot-open', location: inside });
    expect(error.hint).toContain(inside);
  });

  it('a read changes nothing: a database in rollback-journal mode stays so, and nothing can be written', () => {
    const file = join(dir, 'journal.sqlite');
    const made = openHistoryDatabase(file);
    made.exec('PRAGMA journal_mode = DELETE');
    made.close();
    const reader = openHistoryForReading(file);
    expect(reader.readOnly).toBe(true);
    const error = failure(() =>
      reader.exec("INSERT INTO gaps (account_id, gap_from, gap_to, noticed_at) VALUES ('a', 'b', 'c', 'd')"),
    );
    expect(error).toMatchObject({ problem: 'read-only', location: file });
    reader.close();
    const raw = findDriver()?.open(file, { readOnly: true });
    expect(raw?.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('delete');
    raw?.close();
  });

  it('a row whose JSON does not parse, or does not fit its shape: the file is named as damaged, not a bare SyntaxError', async () => {
    const file = join(dir, 'bad-row.sqlite');
    const db = openHistoryDatabase(file);
    db.exec(
      `INSERT INTO shapes (n, shape) VALUES (1, '{"id":1,"created":1,"amount":1,"notes":0}');
       INSERT INTO transactions (id, account_id, created, amount, currency, shape, body, first_seen, last_changed)
       VALUES ('tx_1', 'acc_1', 1767225600000, -100, 'GBP', NULL, '{"id": "tx_1", cut', 0, 0),
         ('tx_2', 'acc_2', 1767225600000, -100, 'GBP', 1, '[]', 0, 0),
         ('tx_3', 'acc_3', 1767225600000, -100, 'GBP', 7, '["a"]', 0, 0)`,
    );
    db.close();
    const reader = new SqliteStore(openHistoryForReading(file));
    const damaged = {
      acc_1: /transactions.body: .*JSON/,
      acc_2: /transactions.body: the transaction's values do not fit its shape/,
      acc_3: /transactions.body: shape 7 is missing/,
    };
    for (const [account_id, said] of Object.entries(damaged)) {
      const error = await rejection(() => reader.readTransactions({ account_id, limit: 10 }));
      expect(error).toMatchObject({ problem: 'damaged', driverCode: 'BAD_JSON', location: file });
      expect(error.message).toMatch(new RegExp(`^${file} is not a SQLite database, or it is damaged \\(`));
      expect(error.message).toMatch(said);
    }
    await reader.close();
  });
});
