import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryError } from './errors.js';
import { openHistory, parseLocation } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'monzo-history-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `action` rejected with. */
async function refusal(action: () => Promise<unknown>): Promise<HistoryError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HistoryError);
  return error as HistoryError;
}

describe('openHistory', () => {
  it('opens a SQLite file at a path, creating its folders, and again as it is', async () => {
    const file = join(dir, 'a', 'b', 'history.sqlite');
    const history = await openHistory(file);
    expect(history.kind).toBe('sqlite');
    expect(history.location).toBe(file);
    expect(history.readOnly).toBe(false);
    expect(existsSync(file)).toBe(true);
    await history.close();
    await history.close();
    const again = await openHistory(pathToFileURL(file).href, { readOnly: true });
    expect(again.location).toBe(file);
    expect(again.readOnly).toBe(true);
    expect(await again.accounts()).toEqual([]);
    await again.close();
  });

  it('read-only, refuses a history that does not exist rather than making one', async () => {
    const file = join(dir, 'none.sqlite');
    const error = await refusal(() => openHistory(file, { readOnly: true }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: `there is no history at ${file}` });
    expect(existsSync(file)).toBe(false);
  });

  it('takes postgres:// and postgresql:// URLs as PostgreSQL, never showing their password', () => {
    expect(parseLocation('postgres://me:secret@db.example:5432/monzo')).toEqual({
      kind: 'postgres',
      url: 'postgres://me:secret@db.example:5432/monzo',
      shown: 'postgres://me:***@db.example:5432/monzo',
    });
    expect(parseLocation('POSTGRESQL://db.example/monzo').kind).toBe('postgres');
    // pg takes the password as a parameter too.
    expect(parseLocation('postgres://me@db.example/monzo?password=secret&sslmode=require')).toMatchObject({
      shown: 'postgres://me@db.example/monzo?password=***&sslmode=require',
    });
    expect(parseLocation('history.sqlite')).toEqual({ kind: 'sqlite', file: resolve('history.sqlite') });
    expect(parseLocation(':memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('never shows the password of a PostgreSQL URL it cannot open', async () => {
    // Port 9 on loopback: nothing listens there.
    const error = await refusal(() => openHistory('postgres://me:hunter2-secret@127.0.0.1:9/monzo'));
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2-secret');
  });

  it('refuses what is neither a path nor a postgres:// URL, saying what to pass', async () => {
    for (const location of ['', '   ', 'mysql://me:secret@db/monzo']) {
      const error = await refusal(() => openHistory(location));
      expect(error.code).toBe('BAD_LOCATION');
      expect(error.message).toMatch(/is neither a file path \(SQLite\) nor a postgres:\/\/ URL/);
      expect(error.message).not.toContain('secret');
      expect(error.hint).toMatch(/postgres:\/\/user@host\/database/);
    }
  });

  it('a closed history refuses to be read, and a read-only one to be synced', async () => {
    const file = join(dir, 'closed.sqlite');
    const history = await openHistory(file);
    await history.close();
    await expect(history.accounts()).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/is closed/),
    });
    const reader = await openHistory(file, { readOnly: true });
    const client = {} as Parameters<typeof reader.sync>[0];
    await expect(reader.sync(client)).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/read-only/),
    });
    await reader.close();
  });

  it('refuses a bad query with what is wrong in it', async () => {
    const history = await openHistory(join(dir, 'queries.sqlite'));
    const read = (query: Parameters<typeof history.transactions>[0]) => history.transactions(query).next();
    await expect(read({ account_id: 'acc_1', since: 'last tuesday' })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: 'since: last tuesday is not a time',
    });
    await expect(read({ account_id: 'acc_1', limit: -1 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(await read({ account_id: 'acc_1', since: new Date(0) })).toEqual({ done: true, value: undefined });
    await history.close();
  });
});
