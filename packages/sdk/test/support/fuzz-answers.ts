import fc from 'fast-check';
import { exampleText } from './fixtures.js';

/** One HTTP answer a fuzzed server sends: any status, any body, with or without a Content-Type. */
export interface FuzzAnswer {
  status: number;
  contentType: string | undefined;
  body: string | Uint8Array;
  /** Declares more bytes than it sends, then drops the connection: a body cut short on the wire. */
  cutShort: boolean;
}

/**
 * What a well-formed success looks like: Monzo's example with unknown fields added and enum-like values
 * changed. The SDK must hand it back whole, as the call's result.
 */
export interface ForwardCompatible {
  kind: 'forward-compatible';
  body: unknown;
}

// Enum-like fields that must stay open strings (monzo-api.md §2, "Forward compatibility").
const OPEN_STRING_KEYS = new Set([
  'type',
  'category',
  'decline_reason',
  'style',
  'scheme',
  'currency',
  'account_type',
  'token_type',
  'owner_type',
  'product_type',
  'local_currency',
]);

const fieldName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom('extra', 'new_feature', 'constructor', 'toString', 'hasOwnProperty', 'id2', 'x-y'),
);

/** Any JSON value, small. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Adds unknown fields to objects and replaces open strings with unknown values, anywhere in `value`. */
export function forwardCompatible(value: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(value)) return fc.tuple(...value.map(forwardCompatible));
  if (typeof value !== 'object' || value === null) return fc.constant(value);
  const entries = Object.entries(value).map(([key, inner]) =>
    typeof inner === 'string' && OPEN_STRING_KEYS.has(key)
      ? fc.tuple(fc.constant(key), fc.oneof(fc.constant(inner), fc.string({ minLength: 1, maxLength: 12 })))
      : fc.tuple(fc.constant(key), forwardCompatible(inner)),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.array(fc.tuple(fieldName, anyJson), { maxLength: 3 }))
    .map(([known, unknown]) => {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of unknown) if (key !== '__proto__') out[key] = inner;
      // Known fields last, so that an unknown one never replaces them.
      for (const [key, inner] of known) out[key] = inner;
      return out;
    });
}

/** Every path to a value inside `value`, as lists of keys and indexes. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value)
    ? value.map((_, index) => index)
    : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...prefix, key])),
  ];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

/** Monzo's example with one known field (or the whole value) of another type. */
export function retyped(example: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...pathsOf(example)), fc.oneof(anyJson, fc.constant(null), fc.constant([])))
    .map(([path, replacement]) => replaceAt(example, path, replacement));
}

/** `retyped`, as JSON text. */
function wrongType(example: unknown): fc.Arbitrary<string> {
  return retyped(example).map((value) => JSON.stringify(value));
}

/** A cut of Monzo's example text, as a proxy or a dropped connection leaves it. */
function truncated(text: string): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: text.length }).map((end) => text.slice(0, end));
}

const htmlPage = fc
  .tuple(
    fc.constantFrom('502 Bad Gateway', '503 Service Unavailable', 'Login', ''),
    fc.string({ maxLength: 300 }),
  )
  .map(
    ([title, text]) =>
      `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`,
  );

const MEGABYTE = 1024 * 1024;

/**
 * The bodies of megabytes an endpoint whose example is `fixture` must survive, each as a 200 of JSON: Monzo's
 * example padded past the size limit with an unknown field, a megabyte of nesting, and a megabyte of nesting
 * closed. There are only these three, and each costs tens of milliseconds to send and refuse, so every endpoint
 * gets all three, once, rather than a random draw from them among its fuzzed answers (`answersFor`).
 */
export function hugeAnswers(fixture: string): FuzzAnswer[] {
  const example = JSON.parse(exampleText(fixture)) as object;
  return [
    JSON.stringify({ ...example, padding_field: 'x'.repeat(2 * MEGABYTE) }),
    '['.repeat(MEGABYTE),
    `${'['.repeat(MEGABYTE / 2)}${']'.repeat(MEGABYTE / 2)}`,
  ].map((body) => ({ status: 200, contentType: 'application/json', body, cutShort: false }));
}

const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/html; charset=utf-8',
    'text/plain',
    'application/octet-stream',
    'application/problem+json',
  ),
  { nil: undefined },
);

const anyStatus = fc.integer({ min: 100, max: 599 });
const mostlySuccess = fc.oneof(
  { weight: 4, arbitrary: fc.constant(200) },
  { weight: 1, arbitrary: anyStatus },
);

/**
 * Answers for an endpoint whose documented success body is the example `fixture`: well-formed ones that must be
 * returned whole, and every way a body can go wrong, but for the bodies of megabytes (`hugeAnswers`).
 */
export function answersFor(fixture: string): fc.Arbitrary<FuzzAnswer | (FuzzAnswer & ForwardCompatible)> {
  const text = exampleText(fixture);
  const example = JSON.parse(text) as unknown;
  const answer = (status: fc.Arbitrary<number>, body: fc.Arbitrary<string | Uint8Array>) =>
    fc.record({ status, contentType, body, cutShort: fc.constant(false) });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: forwardCompatible(example).map((body) => ({
        kind: 'forward-compatible' as const,
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(body),
        cutShort: false,
      })),
    },
    { weight: 4, arbitrary: answer(mostlySuccess, wrongType(example)) },
    { weight: 3, arbitrary: answer(mostlySuccess, truncated(text)) },
    { weight: 1, arbitrary: answer(anyStatus, htmlPage) },
    {
      weight: 2,
      arbitrary: answer(
        anyStatus,
        fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      ),
    },
    { weight: 2, arbitrary: answer(anyStatus, fc.uint8Array({ maxLength: 300 })) },
    { weight: 2, arbitrary: answer(fc.integer({ min: 400, max: 599 }), errorBody) },
    {
      weight: 1,
      arbitrary: fc.record({
        status: anyStatus,
        contentType,
        body: truncated(text),
        cutShort: fc.constant(true),
      }),
    },
  );
}

const ERROR_EXAMPLES = [
  'error.access-token-evicted.json',
  'error.access-token-expired.json',
  'error.bad-refresh-token.json',
  'error.insufficient-permissions.json',
  'error.missing-param-account-id.json',
  'error.verification-required.json',
];

/** Monzo's error bodies, as they are, with fields of other types, or with unknown codes. */
const errorBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ERROR_EXAMPLES).chain((name) => wrongType(JSON.parse(exampleText(name)))),
  fc
    .record(
      {
        code: fc.oneof(fc.string({ maxLength: 30 }), anyJson),
        message: fc.oneof(fc.string({ maxLength: 60 }), anyJson),
        params: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), anyJson),
        retryable: anyJson,
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
);
