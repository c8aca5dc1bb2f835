import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleJson } from '../../test/support/fixtures.js';
import { fuzz } from '../../test/support/fuzz.js';
import { forwardCompatible, retyped } from '../../test/support/fuzz-answers.js';
import { MonzoWebhookError } from '../core/errors.js';
import { dedupeKey, isTransactionCreated, parseWebhookEvent, type WebhookEvent } from './event.js';

/**
 * Whatever arrives as a webhook body, `parseWebhookEvent` gives an event or throws a `MonzoWebhookError`; an
 * event it calls `transaction.created` holds what its type promises; any other type passes through untouched.
 */

const EVENT = exampleJson('webhook-transaction-created.event.json') as { type: string; data: object };

type Body = string | Uint8Array | ArrayBuffer | object;

function outcome(body: Body): { event: WebhookEvent } | { error: unknown } {
  try {
    return { event: parseWebhookEvent(body) };
  } catch (error) {
    return { error };
  }
}

/** Checks what every answer must be: an event whose promises hold, or a MonzoWebhookError. */
function checkAnswer(body: Body): WebhookEvent | undefined {
  const result = outcome(body);
  if ('error' in result) {
    expect(result.error).toBeInstanceOf(MonzoWebhookError);
    return undefined;
  }
  const { event } = result;
  expect(typeof event.type).toBe('string');
  expect(event.type).not.toBe('');
  if (isTransactionCreated(event)) {
    const data = event.data;
    for (const field of ['id', 'account_id', 'currency', 'created'] as const) {
      expect(typeof data[field]).toBe('string');
      expect(data[field]).not.toBe('');
    }
    expect(Number.isSafeInteger(data.amount)).toBe(true);
    const merchant = data.merchant as unknown;
    if (merchant !== null && merchant !== undefined)
      expect(typeof (merchant as { id: unknown }).id).toBe('string');
  }
  const key = dedupeKey(event);
  if (key !== undefined) expect(key.startsWith(`${event.type}:`)).toBe(true);
  return event;
}

const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  forwardCompatible(EVENT).map((value) => JSON.stringify(value)),
  retyped(EVENT).map((value) => JSON.stringify(value)),
);

/** A cut of the example, as a delivery dropped half-way leaves it. */
const cut = fc
  .integer({ min: 0, max: JSON.stringify(EVENT).length })
  .map((end) => JSON.stringify(EVENT).slice(0, end));

const anyText = fc.oneof(
  jsonText,
  cut,
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.constantFrom('', ' ', '\uFEFF{}', 'null', '[]', '{"type":""}', '{"type":"transaction.created"}'),
);

const RUNS = 5000;

describe('parseWebhookEvent, whatever the body', () => {
  it('gives an event that keeps its promises, or a MonzoWebhookError, for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkAnswer(text);
      }),
      fuzz(RUNS),
    );
  });

  it('does the same for any bytes, UTF-8 or not, as a Uint8Array or an ArrayBuffer', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      anyText.map((text) => new TextEncoder().encode(text)),
      // Valid UTF-8 with one byte changed.
      fc.tuple(jsonText, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([text, at, byte]) => {
        const encoded = new TextEncoder().encode(text);
        if (encoded.length > 0) encoded[at % encoded.length] = byte;
        return encoded;
      }),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (body, asBuffer) => {
        checkAnswer(asBuffer ? body.slice().buffer : body);
      }),
      fuzz(RUNS),
    );
  });

  it('does the same for any value a body parser could have made, and odder ones', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      forwardCompatible(EVENT),
      retyped(EVENT),
      fc.anything({
        withNullPrototype: true,
        withMap: true,
        withSet: true,
        withBoxedValues: true,
        withDate: true,
      }),
    );
    fc.assert(
      fc.property(value, (body) => {
        if (typeof body === 'string' || (typeof body === 'object' && body !== null))
          checkAnswer(body as Body);
      }),
      fuzz(RUNS),
    );
  });

  it('hands back a well-formed event with unknown fields and enum values whole, and unknown types untouched', () => {
    const event = fc.oneof(
      forwardCompatible(EVENT),
      fc.record({ type: fc.string({ minLength: 1, maxLength: 30 }), data: fc.jsonValue({ maxDepth: 3 }) }),
    );
    fc.assert(
      fc.property(event, (value) => {
        const text = JSON.stringify(value);
        // The event is `{ type, data }`: fields beside them in the envelope are not part of it.
        const { type, data } = JSON.parse(text);
        expect(checkAnswer(text)).toEqual({ type, data });
      }),
      fuzz(RUNS),
    );
  });
});
