import { MonzoApprovalRequiredError, MonzoServerError } from 'monzo-ts';
import { describe, expect, it } from 'vitest';
import { waitForApproval } from './approval.js';

const pending = () =>
  new MonzoApprovalRequiredError({
    status: 403,
    code: 'forbidden.insufficient_permissions',
    message: 'approve',
  });

/** A clock that only moves when the poller sleeps, so the schedule is exact and the test instant. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('waitForApproval', () => {
  it('polls gently, backing off from 1 s to 5 s, until the approval', async () => {
    const clock = fakeClock();
    let calls = 0;
    const check = async () => {
      if (++calls < 8) throw pending();
    };
    expect(await waitForApproval(check, { timeoutMs: 60_000, ...clock })).toBe(true);
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it('gives up at the timeout, with a last check at the deadline', async () => {
    const clock = fakeClock();
    let calls = 0;
    const check = async () => {
      calls++;
      throw pending();
    };
    expect(await waitForApproval(check, { timeoutMs: 4_000, ...clock })).toBe(false);
    expect(clock.sleeps).toEqual([1000, 1500, 1500]);
    expect(calls).toBe(4);
  });

  it('throws any other error at once', async () => {
    const clock = fakeClock();
    const failure = new MonzoServerError({ status: 500, code: 'internal_service', message: 'down' });
    await expect(
      waitForApproval(() => Promise.reject(failure), { timeoutMs: 10_000, ...clock }),
    ).rejects.toBe(failure);
    expect(clock.sleeps).toEqual([]);
  });
});
