/** What the emulator received, so tests can assert on it: requests per route, and token grants by type. */
export interface CounterSnapshot {
  /** Keyed by route, e.g. `GET /balance`, or `GET <path>` for unknown routes. */
  requests: Record<string, number>;
  grants: { authorization_code: number; refresh_token: number };
  /** Webhook delivery attempts, successful or not. */
  webhookDeliveries: number;
}

export class Counters {
  #requests = new Map<string, number>();
  #grants = { authorization_code: 0, refresh_token: 0 };
  #webhookDeliveries = 0;

  request(key: string): void {
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
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
      grants: { ...this.#grants },
      webhookDeliveries: this.#webhookDeliveries,
    };
  }

  reset(): void {
    this.#requests.clear();
    this.#grants = { authorization_code: 0, refresh_token: 0 };
    this.#webhookDeliveries = 0;
  }
}
