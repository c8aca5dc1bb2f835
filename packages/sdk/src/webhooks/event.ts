import { MonzoWebhookError } from '../core/errors.js';
import type { Merchant, Transaction } from '../models/transaction.js';

/** The transaction a `transaction.created` event carries: its merchant expanded, its account named (monzo-api.md §8). */
export type WebhookTransaction = Transaction<Merchant> & { account_id: string };

/** Sent by Monzo when a transaction is created on an account, declined ones included. */
export interface TransactionCreatedEvent {
  type: 'transaction.created';
  data: WebhookTransaction;
}

/** An event type this SDK does not know yet: passed through untouched, never refused. */
export interface UnknownWebhookEvent {
  type: string;
  data: unknown;
}

/**
 * Any event. `type` alone cannot narrow this union (an unknown type is any string, `transaction.created`
 * included), so use `isTransactionCreated(event)` to get a typed transaction.
 */
export type WebhookEvent = TransactionCreatedEvent | UnknownWebhookEvent;

/** True for a `transaction.created` event, whose `data` `parseWebhookEvent` has checked. */
export function isTransactionCreated(event: WebhookEvent): event is TransactionCreatedEvent {
  return event.type === 'transaction.created';
}

/**
 * Reads a webhook body: its raw text or bytes, or an object a body parser already made of it. Unknown event
 * types come back as `{ type, data }`; a body that is not JSON, not an event, or a `transaction.created` whose
 * transaction lacks its id, account, amount, currency or time is a `MonzoWebhookError`.
 *
 * @example
 * const event = parseWebhookEvent(await request.text());
 * if (isTransactionCreated(event)) console.log(event.data.amount, event.data.merchant?.name);
 */
export function parseWebhookEvent(body: string | Uint8Array | ArrayBuffer | object): WebhookEvent {
  const value = typeof body === 'string' || isBytes(body) ? parseJson(body) : body;
  if (!isRecord(value)) throw new MonzoWebhookError('The webhook body is not a JSON object.');
  const { type, data } = value;
  if (typeof type !== 'string' || type === '') {
    throw new MonzoWebhookError('The webhook event has no "type" string.');
  }
  if (type === 'transaction.created') {
    checkTransaction(data);
    return { type, data };
  }
  return { type, data };
}

/** The key deliveries of one event share: `${type}:${data.id}`, or undefined when the data has no id. */
export function dedupeKey(event: WebhookEvent): string | undefined {
  const id = isRecord(event.data) ? event.data.id : undefined;
  return typeof id === 'string' && id !== '' ? `${event.type}:${id}` : undefined;
}

function parseJson(body: string | Uint8Array | ArrayBuffer): unknown {
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 are refused rather than silently replaced.
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new MonzoWebhookError('The webhook body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body, so it is not passed on.
    throw new MonzoWebhookError('The webhook body is not valid JSON.');
  }
}

/**
 * The fields the SDK's `Transaction` type promises and code reads first. Fields the API adds later, or leaves
 * out, pass through: refusing a real delivery would only make Monzo retry it, then drop it.
 */
function checkTransaction(data: unknown): asserts data is WebhookTransaction {
  if (!isRecord(data)) throw new MonzoWebhookError('The transaction.created event has no "data" object.');
  for (const field of ['id', 'account_id', 'currency', 'created']) {
    const value = data[field];
    if (typeof value !== 'string' || value === '') {
      throw new MonzoWebhookError(`The transaction.created event's data.${field} is not a non-empty string.`);
    }
  }
  if (typeof data.amount !== 'number' || !Number.isSafeInteger(data.amount)) {
    throw new MonzoWebhookError("The transaction.created event's data.amount is not a whole number.");
  }
  const merchant = data.merchant;
  if (
    merchant !== undefined &&
    merchant !== null &&
    !(isRecord(merchant) && typeof merchant.id === 'string')
  ) {
    throw new MonzoWebhookError(
      "The transaction.created event's data.merchant is neither null nor an expanded merchant with an id.",
    );
  }
}

function isBytes(value: unknown): value is Uint8Array | ArrayBuffer {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
