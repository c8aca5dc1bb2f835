/**
 * `monzo-ts/webhooks`: receive Monzo's webhook deliveries, check their secret, read their events and run each
 * once. Web APIs only, so it runs on Node, Bun, Deno and Workers alike.
 *
 * @module monzo-ts/webhooks
 */
export { MonzoWebhookError } from '../core/errors.js';
export type { DedupeClaim, WebhookDedupeStore } from './dedupe.js';
export {
  isTransactionCreated,
  parseWebhookEvent,
  type TransactionCreatedEvent,
  type UnknownWebhookEvent,
  type WebhookEvent,
  type WebhookTransaction,
} from './event.js';
export { createWebhookHandler, type WebhookHandler } from './handler.js';
export {
  DEFAULT_MAX_DEDUPE_ENTRIES,
  MemoryWebhookDedupe,
  type MemoryWebhookDedupeOptions,
} from './memory-dedupe.js';
export { type NodeListener, type NodeRequestLike, type NodeResponseLike, toNodeListener } from './node.js';
export {
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETAIN_MS,
  DEFAULT_SECRET_PARAM,
  type WebhookDelivery,
  type WebhookHandlerOptions,
  type WebhookLogEvent,
  type WebhookLogger,
  type WebhookOutcome,
} from './options.js';
