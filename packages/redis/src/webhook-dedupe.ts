import { MonzoError } from 'monzo-ts';
import type { DedupeClaim, WebhookDedupeStore } from 'monzo-ts/webhooks';
import { DEFAULT_TIMEOUT_MS, RedisConnection, type RedisTarget } from './connection.js';

/** The prefix of the keys deliveries are remembered under unless told otherwise. */
export const DEFAULT_DEDUPE_PREFIX = 'monzo:webhook:';

const PENDING = 'pending';
const DONE = 'done';
// Deletes a claim only if it is still the one this delivery made: after its lease lapsed, another delivery may
// have claimed the event, and that claim must stand.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Where Redis is (a URL or a client of yours) and the prefix of the keys. */
export type RedisWebhookDedupeOptions = RedisTarget & {
  /** Prepended to each event key. Default `monzo:webhook:`. */
  prefix?: string;
  /** How long one Redis operation may take before it fails. Default 5 000. */
  timeoutMs?: number;
};

/**
 * Remembers handled webhook events in Redis, so that every process and machine behind one webhook URL handles
 * each event once, however often Monzo retries or delivers it. A claim is `pending` for its lease, then `done`
 * once handled.
 *
 * @example
 * createWebhookHandler({ secret, onEvent, dedupe: new RedisWebhookDedupe({ url: 'redis://127.0.0.1:6379' }) });
 */
export class RedisWebhookDedupe implements WebhookDedupeStore {
  readonly prefix: string;
  readonly #connection: RedisConnection;

  constructor(options: RedisWebhookDedupeOptions) {
    this.prefix = options.prefix ?? DEFAULT_DEDUPE_PREFIX;
    this.#connection = new RedisConnection(options, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, dedupeError);
  }

  async claim(key: string, leaseMs: number, owner: string): Promise<DedupeClaim> {
    const redisKey = this.prefix + key;
    const mine = `${PENDING}:${owner}`;
    // Twice at most: a claim that lapses between the SET and the GET leaves the event free to claim again.
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await this.#connection.run(`claim the webhook event ${key}`, async (client) => {
        if ((await client.set(redisKey, mine, 'PX', Math.max(1, Math.ceil(leaseMs)), 'NX')) === 'OK') {
          return 'claimed';
        }
        const value = await client.get(redisKey);
        if (value === null) return undefined;
        return value === DONE ? 'done' : 'busy';
      });
      if (outcome) return outcome;
    }
    return 'busy';
  }

  async complete(key: string, retainMs: number): Promise<void> {
    await this.#connection.run(`mark the webhook event ${key} done`, (client) =>
      client.set(this.prefix + key, DONE, 'PX', Math.max(1, Math.ceil(retainMs))),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#connection.run(`release the webhook event ${key}`, (client) =>
      client.eval(RELEASE, 1, this.prefix + key, `${PENDING}:${owner}`),
    );
  }

  /** Closes the Redis connection if this store opened it (from `url`); a `client` passed in stays open. */
  close(): Promise<void> {
    return this.#connection.close();
  }
}

function dedupeError(message: string): MonzoError {
  return new MonzoError(`Redis webhook dedupe: ${message}`);
}
