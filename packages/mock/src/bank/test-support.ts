/** For the bank tests: an in-process emulator, a login through the real SDK, and raw HTTP with the token. */
import { readFileSync } from 'node:fs';
import { MonzoClient } from 'monzo-ts';
import { createControl } from '../control.js';
import { asFetch } from '../core/fetch.js';
import { createHandler } from '../core/handle.js';
import { createMockMonzo, type MockMonzo } from '../index.js';
import type { MockOptions } from '../options.js';
import { signIn } from '../sign-in.js';
import { World } from '../world.js';

export const API = 'http://monzo.test';
/** Where the tests' clock starts: a fixed time, so that every run sees the same data. */
export const NOW = Date.UTC(2026, 0, 15, 12);

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field, as a client would.
  body: any;
}

/**
 * An emulator and a token obtained through the OAuth flow with the SDK (authorization URL, redirect, code
 * exchange with the state check). With `autoApprove` (the default here) the token is approved at issue, so the
 * full history is readable for 5 minutes of the emulator's clock.
 */
export async function session(
  options: MockOptions = {},
  build: (options: MockOptions) => MockMonzo = createMockMonzo,
) {
  const mock = build({ autoApprove: true, transactions: 120, now: NOW, ...options });
  const tokens = await signIn(mock);
  const monzo = new MonzoClient({
    apiUrl: API,
    fetch: mock.fetch,
    accessToken: tokens.access_token,
    maxRetries: 0,
  });
  const dataset = mock.control.dataset();
  const accountOf = (type: string) => dataset.accounts.find((account) => account.type === type)?.id as string;
  const headers = { Authorization: `Bearer ${tokens.access_token}` };

  /** A GET with the token. */
  const get = async (path: string): Promise<Answer> => {
    const response = await mock.fetch(`${API}${path}`, { headers });
    return { status: response.status, body: await response.json() };
  };
  /** A form request with the token; a string body is sent as written. */
  const send = async (
    method: string,
    path: string,
    form: Record<string, string> | string,
  ): Promise<Answer> => {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    const response = await mock.fetch(`${API}${path}`, {
      method,
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { status: response.status, body: await response.json() };
  };

  return {
    mock,
    monzo,
    tokens,
    dataset,
    personal: accountOf('uk_retail'),
    joint: accountOf('uk_retail_joint'),
    closed: accountOf('uk_prepaid'),
    get,
    send,
  };
}

export type Session = Awaited<ReturnType<typeof session>>;

/** `session`, wired as `createMockMonzo` wires it but keeping the world, for what no endpoint shows. */
export async function sessionWithWorld(options: MockOptions = {}) {
  let world: World | undefined;
  const s = await session(options, (resolved) => {
    world = new World(resolved);
    const handle = createHandler(world);
    const { clientId, clientSecret } = world.options.client;
    return { handle, fetch: asFetch(handle), control: createControl(world), clientId, clientSecret };
  });
  return { ...s, world: world as unknown as World };
}

/** Every transaction of an account, page by page with `since=<last id>` (the full-history window must be open). */
export async function allTransactions(s: Session, accountId: string, limit = 100): Promise<Answer['body'][]> {
  const out: Answer['body'][] = [];
  let since = '';
  for (;;) {
    const page = await s.get(
      `/transactions?account_id=${accountId}&limit=${limit}${since ? `&since=${since}` : ''}`,
    );
    if (page.status !== 200) throw new Error(`page answered ${page.status}: ${JSON.stringify(page.body)}`);
    out.push(...page.body.transactions);
    if (page.body.transactions.length < limit) return out;
    since = page.body.transactions.at(-1).id;
  }
}

interface Schema {
  types: Set<string>;
  /** Present in every example object that had this field's parent. */
  required: boolean;
  fields?: Map<string, Schema>;
  items?: Schema;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** String-keyed maps, whose keys vary from one object to the next: their keys are never required. */
const MAPS = new Set(['metadata', 'categories']);

/**
 * The shape the examples show: per field, the types seen and whether every example has it (the keys of a map,
 * `metadata` or `categories`, never are).
 */
export function inferSchema(values: unknown[], required = true, map = false): Schema {
  const schema: Schema = { types: new Set(values.map(typeOf)), required };
  const objects = values.filter((value) => typeOf(value) === 'object') as Record<string, unknown>[];
  if (objects.length > 0) {
    schema.fields = new Map();
    const keys = new Set(objects.flatMap((object) => Object.keys(object)));
    for (const key of keys) {
      const having = objects.filter((object) => key in object);
      const fieldValues = having.map((object) => object[key]);
      schema.fields.set(
        key,
        inferSchema(fieldValues, !map && having.length === objects.length, MAPS.has(key)),
      );
    }
  }
  const arrays = values.filter(Array.isArray) as unknown[][];
  if (arrays.some((array) => array.length > 0)) schema.items = inferSchema(arrays.flat());
  return schema;
}

/** Where `value` departs from the examples' shape: a required field missing, or a type they never show. */
export function shapeErrors(value: unknown, schema: Schema, path = '$'): string[] {
  const type = typeOf(value);
  if (!schema.types.has(type)) return [`${path}: ${type}, examples show ${[...schema.types].join(' | ')}`];
  const errors: string[] = [];
  if (type === 'object' && schema.fields) {
    const object = value as Record<string, unknown>;
    for (const [key, field] of schema.fields) {
      if (key in object) errors.push(...shapeErrors(object[key], field, `${path}.${key}`));
      else if (field.required) errors.push(`${path}.${key}: missing`);
    }
  }
  if (type === 'array' && schema.items) {
    (value as unknown[]).forEach((item, index) => {
      errors.push(...shapeErrors(item, schema.items as Schema, `${path}[${index}]`));
    });
  }
  return errors;
}

/** An example payload from `fixtures/monzo-api-examples`. */
// biome-ignore lint/suspicious/noExplicitAny: examples are read loosely and compared by shape
export function example(name: string): any {
  const url = new URL(`../../../../fixtures/monzo-api-examples/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}
