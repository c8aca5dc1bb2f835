import { Redis, type RedisOptions } from 'ioredis';

/** Where a store talks to Redis: a URL (the store creates, and closes, its own client) or a client of yours. */
export type RedisTarget = { url: string; client?: never } | { client: Redis; url?: never };

/** How long one Redis operation may take before it fails, unless a store is told otherwise. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * The options a store gives the client it creates from a URL: while Redis is down or restarting, a command fails
 * at the next failed reconnection attempt (within about a second) instead of waiting for Redis to come back,
 * and the client keeps reconnecting in the background, so the store works again as soon as Redis does. Use them
 * for a client you pass in too, or commands may queue while Redis is away (the store still gives up after its
 * timeout).
 */
export function failFastOptions(timeoutMs: number = DEFAULT_TIMEOUT_MS): RedisOptions {
  return {
    // Commands queued while disconnected are failed at every failed reconnection attempt...
    maxRetriesPerRequest: 0,
    // ...which come quickly, and go on for ever: Redis may be back any moment.
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    connectTimeout: Math.min(timeoutMs, 2_000),
    // A Redis that accepts connections but does not answer (stopped, overloaded) must not hang a call.
    commandTimeout: timeoutMs,
    // No connection until the store is first used, so that a store made and never used costs nothing.
    lazyConnect: true,
  };
}

/**
 * One Redis client as a store uses it: every operation is bounded in time, and every failure becomes the error
 * `fail` makes, with a message that says what failed and where, and never the values read or written.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly #owned: boolean;
  readonly #timeoutMs: number;
  /** The last connection error of a client the store created (e.g. `connect ECONNREFUSED …`), for messages. */
  #lastConnectionError: string | undefined;

  constructor(
    target: RedisTarget,
    timeoutMs: number,
    private readonly fail: (message: string) => Error,
  ) {
    this.#timeoutMs = timeoutMs;
    if (target.client) {
      this.client = target.client;
      this.#owned = false;
    } else if (typeof target.url === 'string') {
      this.client = new Redis(target.url, failFastOptions(timeoutMs));
      this.#owned = true;
      // Connection errors surface on the commands that meet them; without a listener, ioredis prints each one.
      this.client.on('error', (error: Error) => {
        this.#lastConnectionError = error.message;
      });
      this.client.on('ready', () => {
        this.#lastConnectionError = undefined;
      });
    } else {
      throw fail('give either `url` (e.g. redis://127.0.0.1:6379) or an ioredis `client`');
    }
  }

  /** Where Redis is, for messages: host and port only, never a password from the URL. */
  get where(): string {
    const { host, port, path } = this.client.options;
    return path ? `Redis at ${path}` : `Redis at ${host ?? '127.0.0.1'}:${port ?? 6379}`;
  }

  /**
   * Runs `operation`, failing with a clear error if Redis does not answer within the timeout or answers with an
   * error. `what` says what was being done ("read the tokens"); `secrets` are masked out of any message.
   */
  async run<T>(what: string, operation: (client: Redis) => Promise<T>, secrets: string[] = []): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.#timeoutMs} ms`)),
        // A little after the client's own command timeout, whose message is more precise.
        this.#timeoutMs + 250,
      );
    });
    try {
      return await Promise.race([operation(this.client), timeout]);
    } catch (error) {
      throw this.fail(`could not ${what} in ${this.where}: ${this.describe(error, secrets)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the client if the store created it; a client passed in is left to its owner. */
  async close(): Promise<void> {
    if (!this.#owned) return;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }

  private describe(error: unknown, secrets: string[]): string {
    const status = this.client.status;
    let reason = error instanceof Error ? error.message : String(error);
    if (status !== 'ready') {
      // ioredis's words for "the connection is down" are about its options: give the connection's own error.
      const maxRetries = error instanceof Error && error.name === 'MaxRetriesPerRequestError';
      const details = maxRetries
        ? [this.#lastConnectionError ?? 'the connection failed']
        : [reason, this.#lastConnectionError];
      reason = `Redis is not reachable (${[...new Set(details.filter(Boolean))].join('; ')}; connection ${status})`;
    }
    for (const secret of secrets) if (secret) reason = reason.split(secret).join('[redacted]');
    return reason;
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
