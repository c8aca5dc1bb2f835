/**
 * `@monzo-ts/history`: your whole Monzo history, past the 90 days Monzo shows, on SQLite or PostgreSQL.
 *
 * `openHistory(location)` opens one; `History.sync(client)` brings it up to date from a login; the reads give
 * back exactly what the API returned.
 */

export {
  type DatabaseProblem,
  type DatabaseUse,
  HistoryDatabaseError,
  HistoryError,
  type HistoryErrorCode,
  isHistoryError,
} from './errors.js';
export { describeProgress, type SyncProgress } from './fetch/progress.js';
export { History, type TransactionQuery } from './history.js';
export { RECENT_DAYS, recentSince, type SyncClient } from './monzo.js';
export { type HistoryLocation, type OpenHistoryOptions, openHistory, parseLocation } from './open.js';
export { sqliteDriverName } from './store/sqlite/drivers.js';
export type {
  GapChange,
  GapSpan,
  Held,
  HistoryStore,
  LeaseClaim,
  LeaseHolder,
  PageCursor,
  PageResult,
  PageWrite,
  RunEnd,
  StoredGap,
  StoredTransaction,
  SyncState,
  TransactionFilter,
  TransactionPageQuery,
  UserFilter,
} from './store/types.js';
export { DEFAULT_LEASE_TTL_MS, type LeaseOptions } from './sync/lease.js';
export { type PageWalker, type WalkedPage, type WalkRequest, walkInOrder } from './sync/pages.js';
export { DEFAULT_RECHECK_DAYS, FULL_HISTORY_MS, MAX_CONCURRENCY } from './sync/sync.js';
export type { AccountSync, Gap, SyncNotice, SyncOptions, SyncSummary } from './sync/types.js';
