import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, isRetryable, type Outcome, parseRetryAfter, sleep } from './retry.js';

const response = (status: number): Outcome => ({ kind: 'response', status });

describe('isRetryable', () => {
  it.each([408, 429, 500, 502, 503, 504])(
    'retries status %d for a request that is safe to repeat',
    (status) => {
      expect(isRetryable(response(status), true)).toBe(true);
    },
  );

  it.each([400, 401, 403, 404, 409, 422, 501, 505])('never retries status %d', (status) => {
    expect(isRetryable(response(status), true)).toBe(false);
    expect(isRetryable(response(status), false)).toBe(false);
  });

  it('retries a 429 even for a request that is not safe to repeat, as Monzo refused it unprocessed', () => {
    expect(isRetryable(response(429), false)).toBe(true);
  });

  it.each([408, 500, 502, 503, 504])(
    'does not retry %d for a request that may have been processed',
    (status) => {
      expect(isRetryable(response(status), false)).toBe(false);
    },
  );

  it('retries a refused connection whatever the method, since nothing reached the server', () => {
    expect(isRetryable({ kind: 'network', sent: false }, false)).toBe(true);
    expect(isRetryable({ kind: 'network', sent: false }, true)).toBe(true);
  });

  it('retries a failure after sending only when the request is safe to repeat', () => {
    expect(isRetryable({ kind: 'network', sent: true }, true)).toBe(true);
    expect(isRetryable({ kind: 'network', sent: true }, false)).toBe(false);
  });

  it('retries a timeout only when the request is safe to repeat', () => {
    expect(isRetryable({ kind: 'timeout' }, true)).toBe(true);
    expect(isRetryable({ kind: 'timeout' }, false)).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('waits nothing when the jitter draws 0', () => {
    for (let retry = 0; retry < 8; retry++) expect(backoffDelay(retry, () => 0)).toBe(0);
  });

  it('doubles the ceiling from 500 ms per retry, just below it at the top of the jitter', () => {
    const top = () => 0.999_999_9;
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, top))).toEqual([499, 999, 1999, 3999]);
  });

  it('caps the wait at 8 s however many retries came before', () => {
    const top = () => 0.999_999_9;
    expect(backoffDelay(4, top)).toBe(7999);
    expect(backoffDelay(30, top)).toBe(7999);
    expect(backoffDelay(2000, top)).toBe(7999);
  });

  it('spreads the wait over the whole range (full jitter), not around the ceiling', () => {
    expect(backoffDelay(2, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, () => 0.25)).toBe(500);
  });

  it('uses Math.random by default', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoffDelay(1)).toBe(500);
    expect(random).toHaveBeenCalledOnce();
    random.mockRestore();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 31, 12, 0, 0);

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('rounds decimal seconds up, so the wait is never shorter than asked', () => {
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('0.0001', now)).toBe(1);
  });

  it.each([
    ['Sat, 31 Jan 2026 12:00:05 GMT', 5000],
    ['Saturday, 31-Jan-26 12:01:00 GMT', 60_000],
    ['Sat Jan 31 12:00:30 2026', 30_000],
  ])('reads the HTTP date %j as the time left until it', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it('reads an HTTP date in the past as no wait', () => {
    expect(parseRetryAfter('Fri, 30 Jan 2026 12:00:00 GMT', now)).toBe(0);
  });

  it.each(['soon', '', '-1', '1 2', 'foo 2', '5s', '1e3', 'Infinity'])(
    'ignores the unreadable value %j so that backoff applies instead',
    (header) => {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    },
  );

  it('returns undefined when there is no header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the given time and not before', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('rejects with the reason when the signal aborts during the wait, and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(sleep(10_000, controller.signal)).rejects.toThrow('already');
  });

  it('stops listening to the signal once the wait is over', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await waiting;
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});
