import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './limiter.js';
import { type FetchSetup, fetchSetup, PageRecorder } from './test-support.js';
import { walkAccount } from './walk.js';
import { planWindows } from './windows.js';

let s: FetchSetup;
beforeAll(async () => {
  s = await fetchSetup({ transactions: 6_000 });
});
afterAll(() => s.close());

describe('ConcurrencyLimiter against the emulator’s rate limit', () => {
  // 5–6 s alone; a loaded machine (the whole suite on two cores) slows the emulator and so the pace found.
  it('trips it while finding the rate, then keeps under it: few 429s once converged, none failed', {
    timeout: 60_000,
  }, async () => {
    const client = await s.login();
    // 15 requests a second per login, each answered after 20 ms: the limit binds long before 32 in flight, and
    // whatever else the machine is doing.
    s.mock.control.rateLimit({ limit: 15, windowMs: 1_000 });
    s.mock.control.fault({ path: '/transactions', latencyMs: 20 });
    s.answers.length = 0;
    const limiter = new ConcurrencyLimiter();
    const recorder = new PageRecorder();
    const { stats } = await walkAccount({
      client,
      account_id: s.account_id,
      windows: planWindows({ created: s.created, now: s.mock.control.now() }),
      concurrency: limiter,
      now: () => s.mock.control.now(),
      onPage: recorder.onPage,
    });
    s.mock.control.rateLimit();

    expect(recorder.byId.size).toBe(6_000);
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(limiter.policy.pace).toBeGreaterThan(10);
    expect(limiter.policy.pace).toBeLessThan(18);
    // Converged: from a second after the first 429 on, at most 1 answer in 20 is a 429.
    const first = s.answers.find((answer) => answer.status === 429)?.at ?? 0;
    const later = s.answers.filter((answer) => answer.at >= first + 1_000);
    const refused = later.filter((answer) => answer.status === 429).length;
    expect(later.length).toBeGreaterThan(30);
    expect(refused / later.length, `${refused} of ${later.length} refused`).toBeLessThanOrEqual(0.05);
  });
});
