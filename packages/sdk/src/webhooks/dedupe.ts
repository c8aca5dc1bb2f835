/**
 * What a delivery learns when it claims an event: `claimed` (process it), `done` (a delivery before this one
 * already processed it: answer 2xx and do nothing), `busy` (another delivery is processing it right now).
 */
export type DedupeClaim = 'claimed' | 'done' | 'busy';

/**
 * Remembers which webhook events were handled, so that Monzo's retries (up to 5 attempts) and duplicate
 * deliveries run `onEvent` once. In memory by default; `RedisWebhookDedupe` from `@monzo-ts/redis` shares it
 * across processes and machines.
 */
export interface WebhookDedupeStore {
  /**
   * Claims `key` for this delivery. The claim lapses after `leaseMs`, so that a process that died while
   * handling the event does not block Monzo's next retry for ever.
   */
  claim(key: string, leaseMs: number): Promise<DedupeClaim>;
  /** Marks `key` handled; deliveries of it in the next `retainMs` are answered as duplicates. */
  complete(key: string, retainMs: number): Promise<void>;
  /** Gives a claim up after `onEvent` failed, so that Monzo's retry processes the event again. */
  release(key: string): Promise<void>;
}
