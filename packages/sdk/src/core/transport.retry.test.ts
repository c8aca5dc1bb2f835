import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, hangingResponse, json } from '../../test/support/fake-fetch.js';
import { createTransport } from '../config/defaults.js';
import {
  MonzoAbortError,
  MonzoBadRequestError,
  MonzoConnectionError,
  MonzoRateLimitError,
  MonzoServerError,
  MonzoTimeoutError,
} from './errors.js';
import type { RequestLogEvent } from './logger.js';

const unavailable = () => json({ code: 'internal_service', message: 'Try later' }, 503);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
const socketError = (code: string) =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(`socket ${code}`), { code }),
  });

beforeEach(() => {
  // No jitter: every backoff wait is 0 ms unless a test says otherwise.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Transport retries by method', () => {
  it('retries a GET on 503 up to maxRetries, then throws the typed error', async () => {
    const { fetch, requests } = fakeFetch(unavailable);
    const transport = createTransport({ fetch, maxRetries: 2 });
    const error = await failure(transport.request({ method: 'GET', path: '/accounts' }));
    expect(error).toBeInstanceOf(MonzoServerError);
    expect((error as MonzoServerError).status).toBe(503);
    expect(requests).toHaveLength(3);
  });

  it('returns the answer of the first attempt that succeeds', async () => {
    const { fetch, requests } = fakeFetch((_, index) => (index < 2 ? unavailable() : json({ ok: 1 })));
    const transport = createTransport({ fetch });
    await expect(transport.request({ method: 'GET', path: '/accounts' })).resolves.toEqual({ ok: 1 });
    expect(requests).toHaveLength(3);
  });

  it('lets one call override maxRetries', async () => {
    const { fetch, requests } = fakeFetch(unavailable);
    const transport = createTransport({ fetch, maxRetries: 5 });
    await failure(transport.request({ method: 'GET', path: '/accounts', maxRetries: 0 }));
    expect(requests).toHaveLength(1);
  });

  it('retries a DELETE, which is safe to repeat', async () => {
    const { fetch, requests } = fakeFetch(unavailable);
    await failure(
      createTransport({ fetch, maxRetries: 1 }).request({ method: 'DELETE', path: '/webhooks/w' }),
    );
    expect(requests).toHaveLength(2);
  });

  it.each(['POST', 'PATCH', 'PUT'] as const)(
    'does not retry a %s that is not marked idempotent after a 500',
    async (method) => {
      const { fetch, requests } = fakeFetch(() => json({ code: 'internal_service' }, 500));
      const error = await failure(
        createTransport({ fetch }).request({ method, path: '/feed', form: { a: '1' } }),
      );
      expect(error).toBeInstanceOf(MonzoServerError);
      expect(requests).toHaveLength(1);
    },
  );

  it('never retries a 400, even for a GET', async () => {
    const { fetch, requests } = fakeFetch(() => json({ code: 'bad_request.missing_param.account_id' }, 400));
    const error = await failure(createTransport({ fetch }).request({ method: 'GET', path: '/balance' }));
    expect(error).toBeInstanceOf(MonzoBadRequestError);
    expect(requests).toHaveLength(1);
  });

  it('retries a POST after a 429, which Monzo refused unprocessed', async () => {
    const { fetch, requests } = fakeFetch((_, index) => (index === 0 ? json({}, 429) : json({})));
    await expect(
      createTransport({ fetch }).request({ method: 'POST', path: '/feed', form: {} }),
    ).resolves.toEqual({});
    expect(requests).toHaveLength(2);
  });

  it('does not retry a POST after a connection reset, which may have reached Monzo', async () => {
    const fetch = vi.fn(async () => {
      throw socketError('ECONNRESET');
    });
    const error = await failure(
      createTransport({ fetch }).request({ method: 'POST', path: '/webhooks', form: {} }),
    );
    expect(error).toBeInstanceOf(MonzoConnectionError);
    expect((error as MonzoConnectionError).outcomeUnknown).toBe(true);
    expect((error as Error).message).toContain('may have reached Monzo');
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('retries a GET after a connection reset', async () => {
    const fetch = vi.fn(async () => {
      throw socketError('ECONNRESET');
    });
    await failure(createTransport({ fetch, maxRetries: 2 }).request({ method: 'GET', path: '/accounts' }));
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('retries a POST after a refused connection, since nothing was sent', async () => {
    const { fetch: answer, requests } = fakeFetch(() => json({}));
    let calls = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (++calls === 1) throw socketError('ECONNREFUSED');
      return answer(input, init);
    };
    await expect(
      createTransport({ fetch }).request({ method: 'POST', path: '/feed', form: {} }),
    ).resolves.toEqual({});
    expect(calls).toBe(2);
    expect(requests).toHaveLength(1);
  });

  it('sends an idempotent PUT again with the identical body on every attempt', async () => {
    const { fetch, requests } = fakeFetch((_, index) => (index < 2 ? unavailable() : json({ id: 'pot_1' })));
    const form = { source_account_id: 'acc_1', amount: 1000, dedupe_id: 'dd-1' };
    const result = await createTransport({ fetch }).request({
      method: 'PUT',
      path: '/pots/pot_1/deposit',
      form,
      idempotent: true,
    });
    expect(result).toEqual({ id: 'pot_1' });
    expect(requests.map((request) => request.body)).toEqual(
      Array(3).fill('source_account_id=acc_1&amount=1000&dedupe_id=dd-1'),
    );
    expect(new Set(requests.map((request) => request.headers.get('content-type')))).toEqual(
      new Set(['application/x-www-form-urlencoded']),
    );
  });
});

describe('Transport waits', () => {
  const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);

  it.each([
    ['delay-seconds', () => '2'],
    ['an HTTP date', () => new Date(NOW + 2000).toUTCString()],
  ])(
    'honours Retry-After given as %s exactly: no attempt before it, one right at it',
    async (_label, header) => {
      vi.useFakeTimers({ now: NOW });
      const { fetch, requests } = fakeFetch((_, index) =>
        index === 0 ? json({ code: 'rate_limited' }, 429, { 'Retry-After': header() }) : json({ ok: true }),
      );
      const done = createTransport({ fetch }).request({ method: 'POST', path: '/feed', form: {} });
      await vi.advanceTimersByTimeAsync(0);
      expect(requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1999);
      expect(requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(requests).toHaveLength(2);
      await expect(done).resolves.toEqual({ ok: true });
    },
  );

  it('throws a Retry-After above maxRetryAfterMs at once as MonzoRateLimitError with retryAfter in ms', async () => {
    const { fetch, requests } = fakeFetch(() =>
      json({ code: 'rate_limited' }, 429, { 'Retry-After': '120' }),
    );
    const transport = createTransport({ fetch, maxRetryAfterMs: 60_000 });
    const error = await failure(transport.request({ method: 'GET', path: '/accounts' }));
    expect(error).toBeInstanceOf(MonzoRateLimitError);
    expect((error as MonzoRateLimitError).retryAfter).toBe(120_000);
    expect(requests).toHaveLength(1);
  });

  it('reports retryAfter on the 429 thrown once the retries are spent', async () => {
    const { fetch, requests } = fakeFetch(() => json({}, 429, { 'Retry-After': '0' }));
    const error = await failure(
      createTransport({ fetch, maxRetries: 1 }).request({ method: 'GET', path: '/a' }),
    );
    expect((error as MonzoRateLimitError).retryAfter).toBe(0);
    expect(requests).toHaveLength(2);
  });

  it('backs off with full jitter when there is no Retry-After', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const events: RequestLogEvent[] = [];
    const logger = { debug: (_: string, event: RequestLogEvent) => events.push(event) };
    const { fetch, requests } = fakeFetch(unavailable);
    const settled = failure(
      createTransport({ fetch, logger, maxRetries: 2 }).request({ method: 'GET', path: '/a' }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(249); // first wait: half of 500 ms
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499); // second wait: half of 1000 ms
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(3);
    await settled;
    expect(events.map((event) => event.retryInMs)).toEqual([250, 500, undefined]);
  });

  it('gives each attempt timeoutMs: a GET that times out is retried, then MonzoTimeoutError', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = fakeFetch(hangingResponse);
    const transport = createTransport({ fetch, timeoutMs: 1000, maxRetries: 1 });
    let error: unknown;
    const settled = failure(transport.request({ method: 'GET', path: '/accounts' })).then((caught) => {
      error = caught;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // The 0 ms backoff: fake timers run a 0 ms timeout set during a tick 1 ms later.
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(error).toBeUndefined(); // the second attempt has its own full timeoutMs
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(error).toBeInstanceOf(MonzoTimeoutError);
    expect((error as Error).message).toContain('1000 ms');
    expect(requests).toHaveLength(2);
  });

  it('times out even when the injected fetch ignores its abort signal (in-process servers, some polyfills)', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const deaf: typeof globalThis.fetch = () => {
      calls++;
      return hangingResponse();
    };
    const transport = createTransport({ fetch: deaf, timeoutMs: 1000, maxRetries: 0 });
    const settled = failure(transport.request({ method: 'GET', path: '/accounts' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settled).toBeInstanceOf(MonzoTimeoutError);
    expect(calls).toBe(1);
  });

  it('does not retry a POST that timed out, since it may have been processed', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = fakeFetch(hangingResponse);
    const transport = createTransport({ fetch, timeoutMs: 1000, maxRetries: 2 });
    const settled = failure(transport.request({ method: 'POST', path: '/feed', form: {}, timeoutMs: 500 }));
    await vi.advanceTimersByTimeAsync(500);
    expect(await settled).toBeInstanceOf(MonzoTimeoutError);
    expect(requests).toHaveLength(1);
  });
});

describe('Transport and the caller’s AbortSignal', () => {
  it('gives MonzoAbortError and never retries when the signal fires during an attempt', async () => {
    const { fetch, requests } = fakeFetch(hangingResponse);
    const controller = new AbortController();
    const settled = failure(
      createTransport({ fetch }).request({ method: 'GET', path: '/a', signal: controller.signal }),
    );
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    expect(await settled).toBeInstanceOf(MonzoAbortError);
    expect(requests).toHaveLength(1);
  });

  it('gives MonzoAbortError when the signal fires during a backoff wait, with no further attempt', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { fetch, requests } = fakeFetch(unavailable);
    const controller = new AbortController();
    const settled = failure(
      createTransport({ fetch }).request({ method: 'GET', path: '/a', signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(requests).toHaveLength(1);
    controller.abort();
    expect(await settled).toBeInstanceOf(MonzoAbortError);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(1);
  });

  it('sends nothing when the signal has already fired', async () => {
    const { fetch, requests } = fakeFetch(() => json({}));
    const signal = AbortSignal.abort();
    expect(
      await failure(createTransport({ fetch }).request({ method: 'GET', path: '/a', signal })),
    ).toBeInstanceOf(MonzoAbortError);
    expect(requests).toHaveLength(0);
  });
});
