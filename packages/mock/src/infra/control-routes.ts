import type { CreateTransactionInput, SettleTransactionInput } from '../bank/bank-types.js';
import { createControl } from '../control.js';
import { fail, json, readBody } from '../core/http.js';
import type { Route, RouteContext } from '../core/router.js';
import type { FaultRule } from './faults.js';
import { parseRateLimitConfig } from './rate-limit.js';

/**
 * The HTTP twin of `MockControl` under `/_mock/`, for tests in another process or language: JSON in, JSON out,
 * Monzo's error shape for bad input. It is public (no token), is never faulted or rate limited, and is not
 * counted, so that steering the emulator does not disturb what a test measures.
 */

/** Reads a JSON body; an empty one is `undefined`, so that `POST /_mock/reset` needs none. */
async function readOptionalJson(request: Request): Promise<unknown> {
  const bytes = await readBody(request);
  if (bytes.byteLength === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw fail.badRequest('bad_request.malformed_body', 'The body is not valid JSON');
  }
}

/** The body as an object of fields (`{}` when empty). */
async function readFields(request: Request): Promise<Record<string, unknown>> {
  const body = (await readOptionalJson(request)) ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw fail.badRequest('bad_request.malformed_body', 'The body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function optionalString(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '')
    throw fail.badParam(name, `${name} must be a non-empty string`);
  return value;
}

/** Runs a parse that throws `TypeError`/`RangeError`, turning its message into a 400 on `field`. */
function checked<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw fail.badParam(field, error.message);
    throw error;
  }
}

function timeBody(now: number): Response {
  return json({ now, iso: new Date(now).toISOString() });
}

async function approve({ world, request }: RouteContext): Promise<Response> {
  const fields = await readFields(request);
  const token = optionalString(fields, 'token') ?? optionalString(fields, 'access_token');
  return json({ approved: createControl(world).approve(token) });
}

async function advanceTime({ world, request }: RouteContext): Promise<Response> {
  const { ms } = await readFields(request);
  if (ms === undefined) throw fail.missingParam('ms');
  if (typeof ms !== 'number') throw fail.badParam('ms', 'ms must be a number');
  const control = createControl(world);
  checked('ms', () => control.advanceTime(ms));
  return timeBody(control.now());
}

async function setTime({ world, request }: RouteContext): Promise<Response> {
  const { now } = await readFields(request);
  if (now === undefined) throw fail.missingParam('now');
  const epochMs = timeField('now', now);
  const control = createControl(world);
  checked('now', () => control.setTime(epochMs));
  return timeBody(control.now());
}

/** RFC 3339 with a time and a zone, as Monzo writes times; `Date.parse` alone takes `"2"` for 2001. */
const RFC_3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/** A time field: whole epoch milliseconds or an RFC 3339 time; a 400 on `name` otherwise. */
function timeField(name: string, value: unknown): number {
  const epochMs = typeof value === 'string' && RFC_3339.test(value) ? Date.parse(value) : value;
  if (typeof epochMs !== 'number' || !Number.isSafeInteger(epochMs)) {
    throw fail.badParam(name, `${name} must be whole epoch milliseconds or an RFC 3339 time`);
  }
  return epochMs;
}

async function createTransaction({ world, request }: RouteContext): Promise<Response> {
  const fields = await readFields(request);
  const { amount, merchant } = fields;
  if (amount === undefined) throw fail.missingParam('amount');
  if (!Number.isSafeInteger(amount))
    throw fail.badParam('amount', 'amount must be a whole number of minor units');
  if (merchant !== undefined && typeof merchant !== 'boolean') {
    throw fail.badParam('merchant', 'merchant must be true or false');
  }
  const input: CreateTransactionInput = { amount: amount as number };
  for (const name of ['account_id', 'description', 'category', 'currency', 'decline_reason'] as const) {
    const value = optionalString(fields, name);
    if (value !== undefined) input[name] = value;
  }
  if (merchant !== undefined) input.merchant = merchant;
  const transaction = checked('transaction', () => createControl(world).createTransaction(input));
  return json({ transaction });
}

async function settleTransaction({ world, request, params }: RouteContext): Promise<Response> {
  const { at, amount } = await readFields(request);
  const input: SettleTransactionInput = {};
  if (at !== undefined && at !== null) input.at = timeField('at', at);
  if (amount !== undefined && amount !== null) {
    if (!Number.isSafeInteger(amount))
      throw fail.badParam('amount', 'amount must be a whole number of minor units');
    input.amount = amount as number;
  }
  const transaction = createControl(world).settleTransaction(params.id ?? '', input);
  return json({ transaction });
}

async function addFault({ world, request }: RouteContext): Promise<Response> {
  const fields = await readFields(request);
  // `{ "rule": {…} }` as documented, or the rule itself.
  const rule = 'rule' in fields ? fields.rule : fields;
  const id = checked('rule', () => world.faults.add(rule as FaultRule));
  return json({ id });
}

async function rateLimit({ world, request }: RouteContext): Promise<Response> {
  const body = await readOptionalJson(request);
  // The config itself, `{ "config": … }`, or `null` (or nothing) to turn the limit off.
  const config =
    typeof body === 'object' && body !== null && 'config' in body
      ? (body as { config: unknown }).config
      : body;
  const parsed =
    config === undefined || config === null
      ? undefined
      : checked('config', () => parseRateLimitConfig(config));
  createControl(world).rateLimit(parsed);
  return json({ rate_limit: parsed ?? null });
}

const ok = () => json({});

/** Every `MockControl` method as a route, plus read-backs of the faults and rate limit in force. */
export const controlRoutes: Route[] = [
  { method: 'POST', path: '/_mock/approve', access: 'public', handle: approve },
  {
    method: 'GET',
    path: '/_mock/idle',
    access: 'public',
    handle: async ({ world }) => {
      await createControl(world).idle();
      return ok();
    },
  },
  {
    method: 'GET',
    path: '/_mock/time',
    access: 'public',
    handle: ({ world }) => timeBody(world.clock.now()),
  },
  { method: 'POST', path: '/_mock/time', access: 'public', handle: setTime },
  { method: 'POST', path: '/_mock/time/advance', access: 'public', handle: advanceTime },
  {
    method: 'POST',
    path: '/_mock/tokens/expire',
    access: 'public',
    handle: ({ world }) => {
      createControl(world).expireAccessTokens();
      return ok();
    },
  },
  { method: 'POST', path: '/_mock/transactions', access: 'public', handle: createTransaction },
  { method: 'POST', path: '/_mock/transactions/:id/settle', access: 'public', handle: settleTransaction },
  {
    method: 'GET',
    path: '/_mock/faults',
    access: 'public',
    handle: ({ world }) => json({ faults: world.faults.list() }),
  },
  { method: 'POST', path: '/_mock/faults', access: 'public', handle: addFault },
  {
    method: 'DELETE',
    path: '/_mock/faults',
    access: 'public',
    handle: ({ world }) => {
      createControl(world).clearFaults();
      return ok();
    },
  },
  {
    method: 'DELETE',
    path: '/_mock/faults/:id',
    access: 'public',
    handle: ({ world, params }) => {
      if (!world.faults.remove(params.id ?? '')) throw fail.notFound('fault');
      return ok();
    },
  },
  {
    method: 'GET',
    path: '/_mock/rate-limit',
    access: 'public',
    handle: ({ world }) => json({ rate_limit: world.rateLimiter.config ?? null }),
  },
  { method: 'POST', path: '/_mock/rate-limit', access: 'public', handle: rateLimit },
  {
    method: 'GET',
    path: '/_mock/counters',
    access: 'public',
    handle: ({ world }) => json(createControl(world).counters()),
  },
  {
    method: 'DELETE',
    path: '/_mock/counters',
    access: 'public',
    handle: ({ world }) => {
      createControl(world).resetCounters();
      return ok();
    },
  },
  {
    method: 'GET',
    path: '/_mock/dataset',
    access: 'public',
    handle: ({ world }) => json(createControl(world).dataset()),
  },
  {
    method: 'POST',
    path: '/_mock/reset',
    access: 'public',
    handle: ({ world }) => {
      createControl(world).reset();
      return ok();
    },
  },
];
