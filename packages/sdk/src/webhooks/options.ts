import { MonzoConfigError } from '../core/errors.js';
import type { WebhookDedupeStore } from './dedupe.js';
import type { WebhookEvent } from './event.js';
import { MemoryWebhookDedupe } from './memory-dedupe.js';

/** What `onEvent` learns besides the event: the delivery as it arrived (its URL, and so its secret, left out). */
export interface WebhookDelivery {
  /** The body's bytes as Monzo sent them, e.g. to forward or store them unchanged. */
  rawBody: Uint8Array;
  headers: Headers;
  /** `${type}:${data.id}`, the key deliveries of this event share; undefined when the event has no id. */
  dedupeKey: string | undefined;
}

/** How a delivery ended, as the handler logs it. */
export type WebhookOutcome = 'handled' | 'duplicate' | 'busy' | 'failed' | 'unavailable' | 'refused';

/** One log line per delivery: never the URL, the secret or the body. */
export interface WebhookLogEvent {
  status: number;
  outcome: WebhookOutcome;
  type?: string;
  dedupeKey?: string;
  /** Why it was refused or failed: the error's class and message. */
  reason?: string;
}

/** `console` fits, as do pino's and winston's loggers. `debug` gets handled deliveries, `warn` the rest. */
export interface WebhookLogger {
  /** Deliveries refused or failed: worth a look. */
  warn(message: string, event: WebhookLogEvent): void;
  /** Deliveries handled or answered as duplicates: routine. */
  debug?(message: string, event: WebhookLogEvent): void;
}

/** What `createWebhookHandler` takes: only `secret` and `onEvent` are required. */
export interface WebhookHandlerOptions {
  /** The long random secret carried in the registered URL's query, e.g. `https://you.example/monzo?secret=…`. */
  secret: string;
  /**
   * Runs once per event. The delivery is answered 2xx only after it resolved; when it throws, the answer is a
   * 500, so that Monzo retries, and the next attempt runs it again.
   */
  onEvent: (event: WebhookEvent, delivery: WebhookDelivery) => void | Promise<void>;
  /** Where handled events are remembered. Default: a `MemoryWebhookDedupe`; `false` turns deduplication off. */
  dedupe?: WebhookDedupeStore | false;
  /** The query parameter holding the secret. Default `secret`. */
  secretParam?: string;
  /** Bodies longer than this are refused with a 413. Default 256 KiB (a transaction is a few KiB). */
  maxBodyBytes?: number;
  /** How long one delivery holds an event before another may take it over. Default 60 s. */
  leaseMs?: number;
  /** How long a handled event is remembered, to answer Monzo's later retries as duplicates. Default 24 h. */
  retainMs?: number;
  logger?: WebhookLogger;
}

/** The query parameter the secret is read from: `?secret=…`. */
export const DEFAULT_SECRET_PARAM = 'secret';
/** A transaction event is a few KiB: anything far larger is not Monzo. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** Longer than an `onEvent` should take, short enough that a crashed handler's event is soon taken over. */
export const DEFAULT_LEASE_MS = 60_000;
/** Outlasts Monzo's retries of one event by far, so that a late copy is still known as a duplicate. */
export const DEFAULT_RETAIN_MS = 24 * 60 * 60 * 1000;

export interface ResolvedHandlerOptions {
  secret: string;
  onEvent: WebhookHandlerOptions['onEvent'];
  dedupe: WebhookDedupeStore | undefined;
  secretParam: string;
  maxBodyBytes: number;
  leaseMs: number;
  retainMs: number;
  logger: WebhookLogger | undefined;
}

/** Checks every option at once and fills in the defaults; a `MonzoConfigError` lists all that is wrong. */
export function resolveHandlerOptions(options: WebhookHandlerOptions): ResolvedHandlerOptions {
  const problems: string[] = [];
  const given = (options ?? {}) as Partial<WebhookHandlerOptions>;
  // The secret's value is never quoted: a problem list may end up in a log.
  if (typeof given.secret !== 'string' || given.secret.trim() === '') {
    problems.push('secret must be a non-empty string (a long random value, e.g. 32 hex characters)');
  }
  if (typeof given.onEvent !== 'function') problems.push('onEvent must be a function');
  const secretParam = given.secretParam ?? DEFAULT_SECRET_PARAM;
  if (typeof secretParam !== 'string' || secretParam === '') {
    problems.push('secretParam must be a non-empty string');
  }
  const maxBodyBytes = given.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!isPositiveInteger(maxBodyBytes))
    problems.push('maxBodyBytes must be a whole number of bytes, 1 or more');
  const leaseMs = given.leaseMs ?? DEFAULT_LEASE_MS;
  if (!isPositiveInteger(leaseMs)) problems.push('leaseMs must be a whole number of milliseconds, 1 or more');
  const retainMs = given.retainMs ?? DEFAULT_RETAIN_MS;
  if (!isPositiveInteger(retainMs))
    problems.push('retainMs must be a whole number of milliseconds, 1 or more');
  const dedupe = given.dedupe;
  if (dedupe !== undefined && dedupe !== false && !isDedupeStore(dedupe)) {
    problems.push('dedupe must be a WebhookDedupeStore (claim, complete, release) or false');
  }
  const logger = given.logger;
  if (logger !== undefined && typeof logger?.warn !== 'function') {
    problems.push('logger must have a warn(message, event) method');
  }
  if (problems.length > 0) throw new MonzoConfigError(problems);
  return {
    secret: given.secret as string,
    onEvent: given.onEvent as WebhookHandlerOptions['onEvent'],
    dedupe: dedupe === false ? undefined : (dedupe ?? new MemoryWebhookDedupe()),
    secretParam,
    maxBodyBytes,
    leaseMs,
    retainMs,
    logger,
  };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function isDedupeStore(value: unknown): value is WebhookDedupeStore {
  const store = value as Partial<WebhookDedupeStore> | null;
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof store.claim === 'function' &&
    typeof store.complete === 'function' &&
    typeof store.release === 'function'
  );
}
