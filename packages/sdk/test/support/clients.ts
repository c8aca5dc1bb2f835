import { expect } from 'vitest';
import { MonzoClient } from '../../src/client.js';
import { MonzoValidationError } from '../../src/core/errors.js';
import { type FakeHandler, fakeFetch, json } from './fake-fetch.js';

/**
 * A client with a plain access token over a fake fetch, and the requests that fetch saw. `answer` is either
 * a handler for each request or a body that every request gets as JSON with `status`.
 */
export function clientAnswering(answer: FakeHandler): ReturnType<typeof clientOver>;
export function clientAnswering(body: unknown, status?: number): ReturnType<typeof clientOver>;
export function clientAnswering(answer: unknown, status = 200) {
  return clientOver(typeof answer === 'function' ? (answer as FakeHandler) : () => json(answer, status));
}

function clientOver(handler: FakeHandler) {
  const fake = fakeFetch(handler);
  return { ...fake, monzo: new MonzoClient({ accessToken: 'test-token', fetch: fake.fetch }) };
}

/** The error `run` throws, which must be an `ErrorClass`; fails the test when it throws nothing or another. */
export function thrownBy<T>(ErrorClass: abstract new (...args: never[]) => T, run: () => unknown): T {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ErrorClass);
  return error as T;
}

/** The MonzoValidationError a promise rejects with; fails the test when it resolves or rejects with another. */
export async function validationError(promise: Promise<unknown>): Promise<MonzoValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MonzoValidationError);
  return error as MonzoValidationError;
}
