import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HistoryError } from './errors.js';
import { History } from './history.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { HistoryStore } from './store/types.js';

export interface OpenHistoryOptions {
  /**
   * Only to read (an application's offline mode): the history must exist (`HistoryError` `NOT_FOUND`
   * otherwise), nothing is created, and on SQLite a file in a folder this user cannot write still opens.
   */
  readOnly?: boolean | undefined;
}

/** Where a history is: a SQLite file, or a PostgreSQL database. */
export type HistoryLocation =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; shown: string };

/**
 * Opens the history at `location`: a file path (SQLite; the file and its folder are created, and its schema
 * brought up to date) or a `postgres://` / `postgresql://` URL (PostgreSQL; its schema brought up to date).
 *
 * @example
 * ```ts
 * import { openHistory } from '@monzo-ts/history';
 * import { MonzoClient } from 'monzo-ts';
 *
 * const history = await openHistory('history.sqlite'); // or openHistory('postgres://me@db.example/monzo')
 * try {
 *   const summary = await history.sync(new MonzoClient({ accessToken: process.env.MONZO_ACCESS_TOKEN }));
 *   console.log(`${summary.inserted} new, ${summary.held} held`);
 * } finally {
 *   await history.close();
 * }
 * ```
 */
export async function openHistory(location: string, options: OpenHistoryOptions = {}): Promise<History> {
  const store = await openStore(location, options);
  // Where another connection can reach it, a sync may write its pages from a thread of their own (`PageWriter`).
  return new History(store, store.readOnly || location === ':memory:' ? undefined : location);
}

/** The store at `location`, as `openHistory` opens it. */
export async function openStore(location: string, options: OpenHistoryOptions = {}): Promise<HistoryStore> {
  const where = parseLocation(location);
  const readOnly = options.readOnly === true;
  if (where.kind === 'postgres') {
    // Loaded only for PostgreSQL, so that a SQLite history never loads its driver.
    const { createPostgresStore } = await import('./store/postgres/index.js');
    return createPostgresStore(where.url, { readOnly });
  }
  return openSqliteStore(where.file, { readOnly });
}

/** What `location` names; a URL of another kind, or nothing, is refused with what to write instead. */
export function parseLocation(location: string): HistoryLocation {
  if (typeof location !== 'string' || location.trim() === '') {
    throw badLocation(String(location));
  }
  if (/^postgres(ql)?:\/\//i.test(location)) {
    let shown: string;
    try {
      shown = withoutPassword(new URL(location));
    } catch {
      throw badLocation('a postgres:// URL that does not parse');
    }
    return { kind: 'postgres', url: location, shown };
  }
  if (/^file:/i.test(location)) return { kind: 'sqlite', file: fileURLToPath(location) };
  // A scheme (`mysql://`, `https://`): not a file anyone meant.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(location)) throw badLocation(location.replace(/\/\/[^@/]*@/, '//…@'));
  return { kind: 'sqlite', file: location === ':memory:' ? location : resolve(location) };
}

/** A URL as it may be shown: the password replaced, after the user name or as `?password=` (which pg reads too). */
export function withoutPassword(url: URL): string {
  if (url.password) url.password = '***';
  if (url.searchParams.has('password')) url.searchParams.set('password', '***');
  return url.href;
}

function badLocation(shown: string): HistoryError {
  return new HistoryError(
    'BAD_LOCATION',
    `${shown} is neither a file path (SQLite) nor a postgres:// URL (PostgreSQL)`,
    'pass a file path such as ~/monzo/history.sqlite, or postgres://user@host/database',
  );
}
