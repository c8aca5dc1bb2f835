import { Bank } from './bank/bank.js';
import { Clock } from './core/clock.js';
import { Extras } from './extras/extras.js';
import { Counters } from './infra/counters.js';
import { Faults } from './infra/faults.js';
import { InFlight } from './infra/in-flight.js';
import { RateLimiter } from './infra/rate-limit.js';
import { OAuth } from './oauth/oauth.js';
import { type MockOptions, type ResolvedOptions, resolveOptions } from './options.js';

/**
 * Everything the emulator knows, in one place: the clock, the options, and one part per concern. Routes reach
 * the parts through `context.world`, so `reset()` can replace them without touching the routes.
 */
export class World {
  readonly clock = new Clock();
  readonly options: ResolvedOptions;
  readonly counters = new Counters();
  readonly faults: Faults;
  readonly rateLimiter = new RateLimiter();
  readonly inFlight = new InFlight();
  oauth!: OAuth;
  bank!: Bank;
  extras!: Extras;

  constructor(options: MockOptions = {}) {
    this.options = resolveOptions(options);
    this.clock.set(this.options.now);
    this.faults = new Faults(this.options.seed);
    this.build();
  }

  /** Back to the freshly seeded state: tokens, money, annotations, webhooks and counters all forgotten. */
  reset(): void {
    this.extras.stop();
    this.clock.set(this.options.now);
    this.counters.reset();
    this.faults.clear();
    this.rateLimiter.configure(undefined);
    this.build();
  }

  private build(): void {
    this.oauth = new OAuth(this);
    this.bank = new Bank(this);
    this.extras = new Extras(this);
  }
}
