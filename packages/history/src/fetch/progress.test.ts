import { describe, expect, it } from 'vitest';
import { describeProgress, type SyncProgress, trackProgress } from './progress.js';
import type { WalkProgress } from './types.js';

const walk = (account_id: string, transactions: number, windowClosed = false): WalkProgress => ({
  account_id,
  transactions,
  pages: Math.ceil(transactions / 100),
  rate: 0,
  inFlight: 0,
  concurrency: 4,
  windowsLeft: 1,
  timeLeftMs: undefined,
  windowClosed,
});

describe('trackProgress', () => {
  it('adds up the accounts’ walks: accounts done, transactions, rate, time left in the window', () => {
    let now = 1_000_000;
    let clock = 0;
    const seen: SyncProgress[] = [];
    const tracker = trackProgress({
      accounts: 2,
      deadline: now + 300_000,
      now: () => now,
      clock: () => clock,
      report: (progress) => seen.push(progress),
    });
    const personal = tracker.account('acc_1');
    const joint = tracker.account('acc_2');
    now += 10_000;
    clock += 2_000;
    personal.onProgress(walk('acc_1', 3_000));
    joint.onProgress(walk('acc_2', 1_000));
    // A later report of the same account replaces its count rather than adding to it.
    personal.onProgress(walk('acc_1', 5_000));
    expect(seen.at(-1)).toEqual({
      accounts: { done: 0, total: 2 },
      transactions: 6_000,
      rate: 3_000,
      timeLeftMs: 290_000,
      windowClosed: false,
    });
    personal.done();
    now += 400_000;
    joint.onProgress(walk('acc_2', 2_000, true));
    joint.done();
    expect(seen.at(-1)).toMatchObject({
      accounts: { done: 2, total: 2 },
      transactions: 7_000,
      timeLeftMs: 0,
      windowClosed: true,
    });
  });

  it('leaves the time left out when no deadline is known', () => {
    const seen: SyncProgress[] = [];
    trackProgress({ accounts: 1, report: (progress) => seen.push(progress) })
      .account('acc_1')
      .done();
    expect(seen[0]?.timeLeftMs).toBeUndefined();
  });
});

describe('describeProgress', () => {
  const base: SyncProgress = {
    accounts: { done: 2, total: 3 },
    transactions: 123_400,
    rate: 4_100.4,
    timeLeftMs: 191_200,
    windowClosed: false,
  };

  it('says it in one line', () => {
    expect(describeProgress(base)).toBe(
      '2/3 accounts · 123,400 transactions · 4,100/s · 3:12 left in the window',
    );
    expect(describeProgress({ ...base, timeLeftMs: undefined })).toBe(
      '2/3 accounts · 123,400 transactions · 4,100/s',
    );
    expect(describeProgress({ ...base, windowClosed: true })).toBe(
      '2/3 accounts · 123,400 transactions · 4,100/s · full-history window closed',
    );
  });
});
