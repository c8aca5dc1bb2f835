import { randomUUID } from 'node:crypto';
import type { RedisConnection } from './connection.js';
import { sleep } from './connection.js';

/** How long a lock lives unless renewed: what a crashed holder can make the others wait, at most. */
export const DEFAULT_LOCK_TTL_MS = 10_000;
/** How long a process waits for a lock held by another before it gives up. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

// Compare-and-delete and compare-and-extend: a holder whose lock expired and was taken by another process must
// never delete or extend the new holder's lock, so each checks the owner value first, atomically, in Redis.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** The refresh lock's timing. */
export interface LockOptions {
  /** The lock's expiry, renewed every third of it while its holder runs. Default 10 000. */
  ttlMs?: number;
  /** How long to wait for the lock before failing. Default 30 000. */
  waitMs?: number;
}

/**
 * A lock in Redis shared by every process that names the same key: `SET key owner NX PX ttl` to take it, a
 * random owner value per holder, renewal while the holder runs, and a compare-and-delete release.
 */
export class RedisLock {
  readonly ttlMs: number;
  readonly waitMs: number;

  constructor(
    private readonly connection: RedisConnection,
    readonly key: string,
    private readonly fail: (message: string) => Error,
    options: LockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    this.waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
    if (!Number.isInteger(this.ttlMs) || this.ttlMs < 100)
      throw fail('lock ttlMs must be a whole number ≥ 100');
    if (!Number.isInteger(this.waitMs) || this.waitMs < 0)
      throw fail('lock waitMs must be a whole number ≥ 0');
  }

  /** Runs `fn` holding the lock; releases it after, whatever `fn` did. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    await this.acquire(owner);
    const renewal = setInterval(
      () => {
        // A failed renewal is not fatal: the lock then expires, and the release below checks the owner.
        this.connection
          .run(`renew the lock ${this.key}`, (client) =>
            client.eval(EXTEND, 1, this.key, owner, String(this.ttlMs)),
          )
          .catch(() => {});
      },
      Math.floor(this.ttlMs / 3),
    );
    renewal.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renewal);
      // If Redis cannot be reached now, the lock expires by itself within its ttl; `fn`'s outcome stands.
      await this.connection
        .run(`release the lock ${this.key}`, (client) => client.eval(RELEASE, 1, this.key, owner))
        .catch(() => {});
    }
  }

  private async acquire(owner: string): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const taken = await this.connection.run(`take the lock ${this.key}`, (client) =>
        client.set(this.key, owner, 'PX', this.ttlMs, 'NX'),
      );
      if (taken === 'OK') return;
      // Short polls at first (the holder is usually quick), then up to 250 ms; jittered so waiters spread out.
      const delay = Math.min(20 * 2 ** attempt, 250) * (0.5 + Math.random());
      if (Date.now() - started + delay > this.waitMs) {
        throw this.fail(
          `gave up waiting for the lock ${this.key} in ${this.connection.where} after ${this.waitMs} ms: ` +
            `another process holds it (a holder that died frees it within ${this.ttlMs} ms)`,
        );
      }
      await sleep(delay);
    }
  }
}
