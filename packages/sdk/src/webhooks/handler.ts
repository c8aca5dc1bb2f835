import { MonzoWebhookError } from '../core/errors.js';
import { maskValue, redactText } from '../core/redact.js';
import { BodyTooLargeError, readBody } from './body.js';
import { dedupeKey, parseWebhookEvent, type WebhookEvent } from './event.js';
import {
  type ResolvedHandlerOptions,
  resolveHandlerOptions,
  type WebhookHandlerOptions,
  type WebhookLogEvent,
} from './options.js';
import { matchesSecret, rawQueryValues } from './secret.js';

/** A standard fetch handler: Node (through `toNodeListener`), Bun, Deno, Hono and Workers all take one. */
export type WebhookHandler = (request: Request) => Promise<Response>;

/**
 * Receives Monzo's webhook deliveries. Monzo does not sign them, so the handler checks the secret carried in the
 * registered URL (in constant time), refuses other methods (405), a missing or wrong secret (401, 403), bodies
 * over `maxBodyBytes` (413) and bodies that are not an event (400), and runs `onEvent` once per event however
 * often Monzo delivers it: 2xx once it resolved, 500 when it threw (Monzo then retries), 409 while another
 * delivery of the same event is being handled.
 *
 * @example
 * const handler = createWebhookHandler({
 *   secret: process.env.MONZO_WEBHOOK_SECRET!,
 *   onEvent: async (event) => {
 *     if (isTransactionCreated(event)) await save(event.data);
 *   },
 * });
 * export default { fetch: handler }; // Bun, Deno, Workers; on Node: createServer(toNodeListener(handler))
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const config = resolveHandlerOptions(options);
  return (request) => handle(config, request);
}

async function handle(config: ResolvedHandlerOptions, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    return refuse(config, 405, 'Only POST is accepted.', { Allow: 'POST' });
  }
  // Checked before the body is read: nothing of a stranger's delivery is read or parsed.
  const given = rawQueryValues(request.url, config.secretParam);
  if (given.length === 0) return refuse(config, 401, 'The webhook secret is missing.');
  if (given.length > 1 || !matchesSecret(given[0] as string, config.secret)) {
    return refuse(config, 403, 'The webhook secret is wrong.');
  }

  let rawBody: Uint8Array;
  let event: WebhookEvent;
  try {
    rawBody = await readBody(request, config.maxBodyBytes);
    event = parseWebhookEvent(rawBody);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return refuse(config, 413, `The body is larger than ${config.maxBodyBytes} bytes.`);
    }
    if (error instanceof MonzoWebhookError) return refuse(config, 400, error.message);
    return refuse(config, 400, 'The body could not be read.');
  }

  const key = dedupeKey(event);
  const delivery = { rawBody, headers: request.headers, dedupeKey: key };
  const logged = { type: event.type, ...(key === undefined ? {} : { dedupeKey: key }) };
  const { dedupe } = config;
  // This delivery's own claim: after a lease lapses, another delivery may hold the event, and keeps it.
  const owner = crypto.randomUUID();
  if (dedupe && key !== undefined) {
    let claim: Awaited<ReturnType<typeof dedupe.claim>>;
    try {
      claim = await dedupe.claim(key, config.leaseMs, owner);
    } catch (error) {
      // Without the store there is no telling whether this is a duplicate: Monzo's retry will tell.
      log(config, 'warn', 'the dedupe store failed', {
        status: 503,
        outcome: 'unavailable',
        ...logged,
        reason: why(config, error),
      });
      return text(503, 'The event could not be checked for duplicates; retry later.');
    }
    if (claim === 'done') {
      log(config, 'debug', 'duplicate delivery', { status: 200, outcome: 'duplicate', ...logged });
      return text(200, 'Already handled.');
    }
    if (claim === 'busy') {
      log(config, 'warn', 'event already being handled', { status: 409, outcome: 'busy', ...logged });
      return text(409, 'This event is being handled by another delivery; retry later.');
    }
  }

  try {
    await config.onEvent(event, delivery);
  } catch (error) {
    if (dedupe && key !== undefined) {
      await dedupe.release(key, owner).catch((releaseError: unknown) => {
        // The lease lapses on its own; until then Monzo's retries are answered 409 and retried later.
        log(config, 'warn', 'the dedupe store could not release the event', {
          status: 500,
          outcome: 'failed',
          ...logged,
          reason: why(config, releaseError),
        });
      });
    }
    log(config, 'warn', 'onEvent threw; Monzo will retry', {
      status: 500,
      outcome: 'failed',
      ...logged,
      reason: why(config, error),
    });
    return text(500, 'The event could not be handled; retry later.');
  }

  if (dedupe && key !== undefined) {
    try {
      await dedupe.complete(key, config.retainMs);
    } catch (error) {
      // The event was handled: say so. A retry after the lease lapses may run it again, which is logged here.
      log(config, 'warn', 'the dedupe store could not record the event as handled', {
        status: 200,
        outcome: 'handled',
        ...logged,
        reason: why(config, error),
      });
    }
  }
  log(config, 'debug', 'handled', { status: 200, outcome: 'handled', ...logged });
  return text(200, 'OK');
}

function refuse(
  config: ResolvedHandlerOptions,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  log(config, 'warn', 'refused a webhook delivery', { status, outcome: 'refused', reason: message });
  return text(status, message, headers);
}

function text(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

function log(
  config: ResolvedHandlerOptions,
  level: 'warn' | 'debug',
  message: string,
  event: WebhookLogEvent,
): void {
  const logger = config.logger;
  if (!logger) return;
  try {
    if (level === 'warn') logger.warn(`monzo-ts webhooks: ${message}`, event);
    else logger.debug?.(`monzo-ts webhooks: ${message}`, event);
  } catch {
    // A logger that fails must not turn a delivery into a 500.
  }
}

/**
 * The error's class and message, for the log, with the handler's secret masked (an `onEvent` may well quote the
 * URL it came in on) and whatever looks like a token, a password in a URL or a secret field.
 */
function why(config: ResolvedHandlerOptions, error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactText(maskValue(text, config.secret));
}
