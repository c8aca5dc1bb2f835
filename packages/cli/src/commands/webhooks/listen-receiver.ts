import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAmount } from 'monzo-ts';
import {
  createWebhookHandler,
  isTransactionCreated,
  toNodeListener,
  type WebhookDelivery,
  type WebhookEvent,
} from 'monzo-ts/webhooks';
import { CliError } from '../../errors.js';
import { plain } from '../../output/plain.js';

/** How long the app behind --forward-to may take to answer: Monzo itself gives up on a receiver in seconds. */
const FORWARD_TIMEOUT_MS = 10_000;

/** What became of forwarding one event: the app's status, or why it could not be reached. */
export type ForwardResult = { status: number } | { error: string };

export interface ReceiverOptions {
  /** 0 picks a free port. */
  port: number;
  secret: string;
  forwardTo: string | undefined;
  /**
   * Called as each event arrives, before it is forwarded. `delivery` counts the deliveries of this event (same
   * type and id) so far: 2 and up is Monzo retrying one that failed (the forward failed, or the answer was late).
   */
  onEvent(event: WebhookEvent, delivery: number): void;
  /** Called once the forward ended, whatever its outcome. */
  onForward(event: WebhookEvent, result: ForwardResult): void;
  /** Deliveries the handler refused (wrong secret, bad body): never with the secret. */
  onRefused(status: number, reason: string): void;
}

export interface Receiver {
  /** Where it listens, without its secret: `http://127.0.0.1:PORT`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The local end of `monzo webhooks listen`: the SDK's webhook handler (secret check, body limits, dedupe) on
 * 127.0.0.1. When forwarding, a failed forward answers Monzo with a 500, so that Monzo retries the delivery
 * as it would if that app were the registered receiver.
 */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { forwardTo } = options;
  const deliveries = new DeliveryCounter();
  const handler = createWebhookHandler({
    secret: options.secret,
    onEvent: async (event, delivery) => {
      options.onEvent(event, deliveries.count(delivery.dedupeKey));
      if (!forwardTo) return;
      const result = await forward(forwardTo, delivery);
      options.onForward(event, result);
      if ('error' in result || result.status < 200 || result.status > 299) {
        throw new Error('the forward failed');
      }
    },
    logger: {
      warn: (_, event) => {
        if (event.outcome === 'refused') options.onRefused(event.status, event.reason ?? '');
      },
    },
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((listening, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        fail(
          new CliError(
            `127.0.0.1:${options.port} is already in use`,
            'pick another port with --port, or leave it out for a free one',
          ),
        );
      } else fail(new CliError(`cannot listen on 127.0.0.1:${options.port}: ${error.message}`));
    });
    server.listen(options.port, '127.0.0.1', listening);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** Events remembered, at most: a listener runs for hours, and Monzo retries an event within minutes. */
const REMEMBERED_EVENTS = 10_000;

/** How many times each event (by its dedupe key) has been delivered; the oldest are forgotten first. */
class DeliveryCounter {
  readonly #seen = new Map<string, number>();

  /** This delivery's number: 1 for the first of its event, or when the event has no id to tell it by. */
  count(key: string | undefined): number {
    if (key === undefined) return 1;
    const number = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.delete(key);
    this.#seen.set(key, number);
    if (this.#seen.size > REMEMBERED_EVENTS) this.#seen.delete(this.#seen.keys().next().value as string);
    return number;
  }
}

/** `(redelivered: delivery 2 of this event)`: how a retry is marked, so that it does not read as a new event. */
export function redeliveryMark(delivery: number): string {
  return delivery > 1 ? `(redelivered: delivery ${delivery} of this event)` : '';
}

/** POSTs the body exactly as Monzo sent it, with its content type. */
async function forward(url: string, delivery: WebhookDelivery): Promise<ForwardResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': delivery.headers.get('content-type') ?? 'application/json' },
      body: delivery.rawBody as Uint8Array<ArrayBuffer>,
      redirect: 'manual',
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/** One readable line per event: when, what, the amount and who, as `monzo transactions` shows them. */
export function describeEvent(event: WebhookEvent, now: Date): string {
  if (!isTransactionCreated(event)) {
    const id = (event.data as { id?: unknown } | null)?.id;
    return plain([localTime(now), event.type, typeof id === 'string' ? id : ''].join('  ').trimEnd());
  }
  const tx = event.data;
  const who = tx.merchant?.name || tx.description;
  const declined = tx.decline_reason ? `  (declined: ${tx.decline_reason})` : '';
  // All of it is the sender's text, the time aside: printed for a person, it must not steer the terminal.
  return plain(
    `${localTime(new Date(tx.created))}  ${event.type}  ${tx.id}  ${formatAmount(tx.amount, tx.currency)}  ${who}${declined}`,
  );
}

/** `→ 200 POST url`, or why the forward failed. */
export function describeForward(url: string, result: ForwardResult): string {
  if ('error' in result) return `→ failed POST ${url}: ${result.error} (Monzo will retry)`;
  const retry = result.status >= 200 && result.status <= 299 ? '' : ' (Monzo will retry)';
  return `→ ${result.status} POST ${url}${retry}`;
}

function localTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
