/**
 * What the emulator received, so tests can assert on it: requests per route, those the rate limit refused, and
 * token grants by type.
 */
export interface CounterSnapshot {
  /** Keyed by route, e.g. `GET /balance`, or `GET <path>` for unknown routes; refused requests included. */
  requests: Record<string, number>;
  /**
   * Requests the rate limit refused with a 429, keyed as `requests` (which counts them too); a 429 from a fault
   * rule is not one of them.
   */
  rateLimited: Record<string, number>;
  grants: { authorization_code: number; refresh_token: number };
  /** Webhook delivery attempts, successful or not. */
  webhookDeliveries: number;
}

export class Counters {
  #requests = new Map<string, number>();
  #rateLimited = new Map<string, number>();
  #grants = { authorization_code: 0, refresh_token: 0 };
  #webhookDeliveries = 0;

  request(key: string): void {
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
  }

  rateLimited(key: string): void {
    this.#rateLimited.set(key, (this.#rateLimited.get(key) ?? 0) + 1);
  }

  grant(type: 'authorization_code' | 'refresh_token'): void {
    this.#grants[type]++;
  }

  webhookDelivery(): void {
    this.#webhookDeliveries++;
  }

  snapshot(): CounterSnapshot {
    return {
      requests: Object.fromEntries(this.#requests),
      rateLimited: Object.fromEntries(this.#rateLimited),
      grants: { ...this.#grants },
      webhookDeliveries: this.#webhookDeliveries,
    };
  }

  reset(): void {
    this.#requests.clear();
    this.#rateLimited.clear();
    this.#grants = { authorization_code: 0, refresh_token: 0 };
    this.#webhookDeliveries = 0;
  }
}
