import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { PageBatch } from './page-batch.js';

/** A database of one table, counting the transactions it commits, and what the batch told its numbering. */
function setup() {
  const db = openDatabase(':memory:');
  db.exec('CREATE TABLE page (n INTEGER PRIMARY KEY)');
  const insert = db.prepare('INSERT INTO page (n) VALUES (?)');
  const told: string[] = [];
  let commits = 0;
  const counted = {
    ...db,
    transaction<T>(write: () => T): T {
      const result = db.transaction(write);
      commits++;
      return result;
    },
  };
  const batch = new PageBatch(counted, {
    committed: () => told.push('committed'),
    rolledBack: () => told.push('rolled back'),
  });
  const held = () => [...db.prepare('SELECT n FROM page ORDER BY n').iterate()].map((row) => row.n);
  return { db, batch, insert, told, held, commits: () => commits };
}

describe('PageBatch', () => {
  it('commits the pages of one turn of the event loop in one transaction, each caller told once it is in', async () => {
    const { batch, insert, held, commits, told } = setup();
    const pages = [1, 2, 3].map((n) => batch.add(() => insert.run(n).changes));
    // Nothing is written before the turn ends: a page handed over is not yet committed.
    expect(held()).toEqual([]);
    expect(await Promise.all(pages)).toEqual([1, 1, 1]);
    expect(held()).toEqual([1, 2, 3]);
    expect(commits()).toBe(1);
    expect(told).toEqual(['committed']);

    await batch.add(() => insert.run(4));
    expect(commits()).toBe(2);
  });

  it('a page that fails fails alone: the batch is rolled back and its other pages go in one by one', async () => {
    const { batch, insert, held, told } = setup();
    const pages = [
      batch.add(() => insert.run(1)),
      batch.add(() => {
        insert.run(2);
        throw new Error('the lease is lost');
      }),
      batch.add(() => insert.run(3)),
    ];
    const outcomes = await Promise.allSettled(pages);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'the lease is lost' });
    // The failed page left nothing behind, half of it included.
    expect(held()).toEqual([1, 3]);
    expect(told).toEqual(['rolled back', 'committed', 'rolled back', 'committed']);
  });

  it('writes what is waiting when flushed, as before the database closes', async () => {
    const { batch, insert, held } = setup();
    const page = batch.add(() => insert.run(7));
    batch.flush();
    expect(held()).toEqual([7]);
    await page;
  });
});
