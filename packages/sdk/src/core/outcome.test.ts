import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../../test/support/fake-fetch.js';
import { createTransport } from '../config/defaults.js';
import { MonzoError, MonzoResponseParseError, MonzoServerError } from './errors.js';
import type { HttpMethod } from './transport.js';

/** Which answers leave a write's outcome unknown: the error keeps its class and says so, with the call's advice. */

const HTML = '<html><body><h1>Bad Gateway</h1></body></html>';
const ADVICE = 'Sending it again is safe.';

async function failureOf(answer: () => Response, method: HttpMethod = 'POST'): Promise<MonzoError> {
  const { fetch } = fakeFetch(answer);
  const transport = createTransport({ fetch, maxRetries: 0 });
  const error = await transport
    .request({ method, path: '/thing', form: { a: '1' }, ifUnknown: { advice: ADVICE } })
    .then(
      () => {
        throw new Error('expected the call to fail');
      },
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(MonzoError);
  return error as MonzoError;
}

describe('a write whose answer does not say whether it took effect', () => {
  it.each([
    ['a 2xx cut short', () => new Response('{"id":"pot_', { status: 200 }), MonzoResponseParseError],
    ['an HTML 2xx', () => new Response(HTML, { status: 200 }), MonzoResponseParseError],
    ['a 502', () => json({ code: 'bad_gateway' }, 502), MonzoServerError],
    ['a 503', () => json({ code: 'internal_service' }, 503), MonzoServerError],
    ['a 504', () => json({ code: 'timeout' }, 504), MonzoServerError],
    ['an HTML 500 page', () => new Response(HTML, { status: 500 }), MonzoResponseParseError],
    ['an HTML 404 page (a proxy)', () => new Response(HTML, { status: 404 }), MonzoResponseParseError],
  ])(
    'is outcome-unknown after %s, keeping its class, with the advice at the end',
    async (_, answer, kind) => {
      const error = await failureOf(answer);
      expect(error).toBeInstanceOf(kind);
      expect(error).toMatchObject({ outcomeUnknown: true, advice: ADVICE });
      expect(error.message).toContain('its outcome is unknown');
      expect(error.message.endsWith(ADVICE)).toBe(true);
      // Marked before anything read the stack: the stack says the same.
      expect(error.stack?.split('\n')[0]).toContain(ADVICE);
    },
  );

  it.each([
    ["Monzo's own 500", () => json({ code: 'internal_service' }, 500)],
    ['a 400', () => json({ code: 'bad_request.missing_param.a' }, 400)],
    ['a 429, refused unprocessed, even as a page', () => new Response(HTML, { status: 429 })],
  ])('is a plain failure after %s, which says it was not made', async (_, answer) => {
    const error = await failureOf(answer);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.advice).toBeUndefined();
  });

  it('leaves a read alone: a GET is never outcome-unknown for an answer', async () => {
    const error = await failureOf(() => json({ code: 'internal_service' }, 503), 'GET');
    expect(error).toBeInstanceOf(MonzoServerError);
    expect(error.outcomeUnknown).toBe(false);
  });
});
