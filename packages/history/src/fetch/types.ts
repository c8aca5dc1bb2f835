import type { Merchant, Transaction } from 'monzo-ts';

/** Where a window's walk has got to: the last transaction taken in it (the next page starts after it). */
export interface Cursor {
  id: string;
  /** Its `created`, RFC 3339: where the stretch still to fetch begins, should the walk stop here. */
  created: string;
}

/**
 * A stretch of an account's life, walked page by page (`since` = the last id, `before` = `to`). Windows of one
 * walk overlap a little at their edges, so that nothing between them is missed whatever Monzo's inclusivity
 * of `since` and `before`.
 */
export interface FetchWindow {
  /**
   * The start, RFC 3339, inclusive. It never changes during a walk and no two windows of one walk share it, so
   * it identifies the window (to store its cursor, say).
   */
  from: string;
  /**
   * The end, RFC 3339, exclusive. Absent for the last window, which reads up to now and whatever comes in during
   * the walk. A split shortens it: the rest becomes a window of its own.
   */
  to?: string | undefined;
  /** The last transaction taken in this window; absent until its first page. */
  cursor?: Cursor | undefined;
  /** Older than the last 90 days: Monzo shows it only in the 5 minutes after a login. */
  old: boolean;
  /** Walked to its end. */
  done?: boolean | undefined;
}

/** A stretch that could not be read (the 5-minute window closed first), RFC 3339, `from` inclusive. */
export interface Gap {
  from: string;
  to: string;
}

/** What a walk cost and found. */
export interface WalkStats {
  /** HTTP requests sent, retries and refused ones included. */
  requests: number;
  /** Pages received (answers that were not errors). */
  pages: number;
  /** Distinct transactions received: one seen by two overlapping windows counts once. */
  transactions: number;
  /** 429 answers. */
  rateLimited: number;
  /** 5xx answers, connection failures and timeouts. */
  serverErrors: number;
  /** Requests sent again after a 429, 5xx or connection failure. */
  retries: number;
  /** Windows split off a walking one to keep every slot busy. */
  splits: number;
  elapsedMs: number;
  /** The most requests in flight at once. */
  maxConcurrency: number;
}

/** How far a walk has got, for a progress line. */
export interface WalkProgress {
  account_id: string;
  /** Distinct transactions so far. */
  transactions: number;
  pages: number;
  /** Transactions a second since the walk began. */
  rate: number;
  /** Requests in flight, and how many the limiter allows now. */
  inFlight: number;
  concurrency: number;
  /** Windows not finished yet (walking or waiting). */
  windowsLeft: number;
  /** Until the 5-minute full-history window closes, when the deadline is known; never below 0. */
  timeLeftMs: number | undefined;
  /** Monzo has said the full-history window is closed: what is older than 90 days now waits for a login. */
  windowClosed: boolean;
}

/** One page as the walker hands it on: merchants expanded, oldest first. */
export type Page = Transaction<Merchant>[];
