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
   * Claims `key` for the delivery `owner` (a value unique to that delivery). The claim lapses after `leaseMs`,
   * so that a process that died while handling the event does not block Monzo's next retry for ever.
   */
  claim(key: string, leaseMs: number, owner: string): Promise<DedupeClaim>;
  /** Marks `key` handled; deliveries of it in the next `retainMs` are answered as duplicates. */
  complete(key: string, retainMs: number): Promise<void>;
  /**
   * Gives up `owner`'s claim after `onEvent` failed, so that Monzo's retry processes the event again. A claim
   * that lapsed and was taken by another delivery is that delivery's, and stays.
   */
  release(key: string, owner: string): Promise<void>;
}
