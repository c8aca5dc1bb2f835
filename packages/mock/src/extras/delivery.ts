/**
 * Webhook delivery as Monzo describes it (monzo-api.md §8, §11): a JSON POST per registered URL, retried with backoff
 * up to 5 attempts in all. A failure is a non-2xx answer, a network error or no answer within the timeout.
 * Nothing here ever throws back to the code that created the transaction.
 */

/** Attempts per event and webhook, the first one included (monzo-api.md §8: "up to a maximum of 5 attempts"). */
export const MAX_ATTEMPTS = 5;

/** How long one attempt may take, answer body included, before it counts as failed (monzo-api.md §11). */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** Where one event goes. */
export interface DeliveryTarget {
  id: string;
  url: string;
}

export interface DeliveryOptions {
  /** Waits before the 2nd, 3rd, … attempt; the last one repeats if the list is short. */
  retryDelaysMs: readonly number[];
  /** Called once per attempt, successful or not (the emulator's counters). */
  onAttempt: () => void;
  /** Whether the webhook still exists: one deleted meanwhile gets no more attempts. */
  isActive: (webhookId: string) => boolean;
  /** Per-attempt timeout (default `ATTEMPT_TIMEOUT_MS`); tests shorten it. */
  timeoutMs?: number;
}

export class WebhookDelivery {
  readonly #options: DeliveryOptions;
  /** Pending backoff waits; `stop()` ends them early with `false`. */
  readonly #waits = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: (go: boolean) => void }>();
  readonly #inFlight = new Set<AbortController>();
  #active = 0;
  #stopped = false;

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  /**
   * Starts delivering `body` (already JSON) to `target` and returns at once. The first attempt is counted
   * before this returns, so a caller can tell how many deliveries an event started.
   */
  send(target: DeliveryTarget, body: string): void {
    this.#active++;
    this.#run(target, body)
      .catch(() => {
        // A bug here must not become an unhandled rejection in the user's test run.
      })
      .finally(() => {
        this.#active--;
      });
  }

  /** How many events are still being delivered (waiting for a retry or in flight). */
  pending(): number {
    return this.#active;
  }

  /** Cancels every pending retry and aborts attempts in flight, so that nothing keeps running. */
  stop(): void {
    this.#stopped = true;
    for (const wait of this.#waits) {
      clearTimeout(wait.timer);
      wait.resolve(false);
    }
    this.#waits.clear();
    for (const controller of this.#inFlight) controller.abort();
  }

  async #run(target: DeliveryTarget, body: string): Promise<void> {
    const delays = this.#options.retryDelaysMs;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1 && !(await this.#wait(delays[Math.min(attempt - 2, delays.length - 1)] ?? 0))) return;
      if (this.#stopped || !this.#options.isActive(target.id)) return;
      this.#options.onAttempt();
      if (await this.#post(target.url, body)) return;
    }
  }

  /** Resolves `true` after `ms`, or `false` at once when `stop()` comes first. */
  #wait(ms: number): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.#waits.delete(wait);
          resolve(true);
        }, ms),
        resolve,
      };
      this.#waits.add(wait);
    });
  }

  /** One POST; true on a 2xx. Redirects are not followed: a 3xx is a failed attempt, as a plain client sees it. */
  async #post(url: string, body: string): Promise<boolean> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#options.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
    this.#inFlight.add(controller);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'monzo-mock-webhooks' },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      // Read the answer to its end so the connection is free again; a receiver that stalls here times out too.
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(controller);
    }
  }
}
