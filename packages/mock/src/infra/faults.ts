import { hash, sequence } from '../core/random.js';

/**
 * A fault to inject. It matches by `method` (any when absent) and `path`: an exact path (`/balance`), a route key
 * (`PUT /pots/:pot_id/deposit`, or its path alone), or a prefix ending in `*` (`/pots/*`); any path when absent.
 * It applies to the next `times` matching requests (default: every one) and, with `probability`, only to that
 * fraction of them, drawn from a sequence seeded by the emulator's seed, so a run repeats exactly.
 */
export interface FaultRule {
  method?: string;
  path?: string;
  times?: number;
  probability?: number;
  /** Waits this long before handling the request. */
  latencyMs?: number;
  /** Answers with this status instead of running the route (or after it, with `commit`). */
  status?: number;
  /**
   * With `status`: runs the route first and keeps its change, then answers `status` in place of the route's
   * answer, as a gateway that lost Monzo's answer would (a 502 or 504 after the money moved).
   */
  commit?: boolean;
  /** The body for `status`: a string is sent as is, anything else as JSON. Default: Monzo's error shape. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Drops the connection before the route runs, or after it ran and committed its change. */
  reset?: 'before' | 'after';
  /** Sends the route's real answer cut in half. */
  malformed?: boolean;
}

/** What the handler does for one request that a rule matched. */
export interface FaultAction {
  latencyMs?: number;
  respond?: () => Response;
  /** `respond` comes after the route ran, in place of its answer. */
  commit?: boolean;
  reset?: 'before' | 'after';
  malformed?: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  method: string | undefined;
  /** How `rule.path` is compared: against the route key, the path, or a path prefix. */
  match: { kind: 'any' } | { kind: 'key' | 'exact' | 'prefix' | 'pattern'; value: string };
  remaining: number;
  draw: () => number;
  action: FaultAction;
}

const KEYS = new Set([
  'method',
  'path',
  'times',
  'probability',
  'latencyMs',
  'status',
  'body',
  'headers',
  'reset',
  'malformed',
  'commit',
]);

/** The faults in force. The first rule (in the order added) that matches and fires wins. */
export class Faults {
  readonly #seed: number;
  #rules = new Map<string, ActiveRule>();
  #added = 0;

  constructor(seed: number) {
    this.#seed = seed;
  }

  /** Adds a rule (checked first: a bad one throws a `TypeError` that says what is wrong); returns its id. */
  add(rule: FaultRule): string {
    const checked = parseFaultRule(rule);
    // Each rule draws from its own sequence, so one rule's pattern does not depend on the others' traffic.
    const ordinal = ++this.#added;
    const id = `fault_${ordinal}`;
    this.#rules.set(id, {
      rule: checked,
      method: checked.method,
      match: compilePath(checked.path),
      remaining: checked.times ?? Number.POSITIVE_INFINITY,
      draw: sequence(hash(this.#seed, ordinal)),
      action: toAction(checked),
    });
    return id;
  }

  /** Removes a rule; false when there was none with that id. */
  remove(id: string): boolean {
    return this.#rules.delete(id);
  }

  /** Removes every rule and restarts the numbering, so that the same test gives the same draws. */
  clear(): void {
    this.#rules.clear();
    this.#added = 0;
  }

  /** The rules in force with how many uses each has left (`null`: unlimited), for the control API. */
  list(): Array<{ id: string; remaining: number | null; rule: FaultRule }> {
    return [...this.#rules].map(([id, active]) => ({
      id,
      remaining: Number.isFinite(active.remaining) ? active.remaining : null,
      rule: active.rule,
    }));
  }

  /** The fault for one request, if any; using it counts against the rule's `times`. */
  take(method: string, path: string, routeKey: string): FaultAction | undefined {
    // The common case, no faults at all, costs one comparison per request.
    if (this.#rules.size === 0) return undefined;
    for (const [id, active] of this.#rules) {
      if (active.method !== undefined && active.method !== method) continue;
      if (!matches(active.match, path, routeKey)) continue;
      const { probability } = active.rule;
      if (probability !== undefined && active.draw() >= probability) continue;
      if (--active.remaining <= 0) this.#rules.delete(id);
      return active.action;
    }
    return undefined;
  }
}

function compilePath(path: string | undefined): ActiveRule['match'] {
  if (path === undefined) return { kind: 'any' };
  if (/^[A-Z]+ \//.test(path)) return { kind: 'key', value: path };
  if (path.endsWith('*')) return { kind: 'prefix', value: path.slice(0, -1) };
  if (path.includes('/:')) return { kind: 'pattern', value: path };
  return { kind: 'exact', value: trimSlash(path) };
}

function matches(match: ActiveRule['match'], path: string, routeKey: string): boolean {
  switch (match.kind) {
    case 'any':
      return true;
    case 'key':
      return routeKey === match.value;
    case 'pattern':
      return routeKey.slice(routeKey.indexOf(' ') + 1) === match.value;
    case 'prefix':
      return path.startsWith(match.value);
    case 'exact':
      return trimSlash(path) === match.value;
  }
}

/** The router ignores a trailing slash, so rules do too. */
function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function toAction(rule: FaultRule): FaultAction {
  const action: FaultAction = {};
  if (rule.latencyMs) action.latencyMs = rule.latencyMs;
  if (rule.reset) action.reset = rule.reset;
  if (rule.status !== undefined) {
    const { status, body, headers = {}, malformed = false } = rule;
    // A fresh Response each time: a body can be read once. With `malformed`, the canned body is cut here,
    // as the handler only cuts the answers of routes that ran.
    action.respond = () => canned(status, body, headers, malformed);
    if (rule.commit) action.commit = true;
  } else if (rule.malformed) {
    action.malformed = true;
  }
  return action;
}

/** Statuses whose responses carry no body (the Fetch standard refuses one). */
const NULL_BODY = new Set([204, 205, 304]);

/** The canned answer: the given body (a string as is, anything else as JSON), or Monzo's error shape. */
function canned(status: number, body: unknown, extra: Record<string, string>, malformed: boolean): Response {
  let text: string;
  let type = 'application/json; charset=utf-8';
  if (body === undefined && status >= 400) {
    // The same shape as `errorResponse` (monzo-api.md §9.2, §11), built as text so that it can be cut.
    const retryable = status >= 500 || status === 429 ? { value: true } : {};
    text = JSON.stringify({ code: codeFor(status), message: messageFor(status), retryable });
  } else if (typeof body === 'string') {
    text = body;
    type = 'text/plain; charset=utf-8';
  } else {
    text = JSON.stringify(body ?? {});
  }
  if (malformed) text = text.slice(0, Math.floor(text.length / 2));
  const headers = new Headers({ 'Content-Type': type });
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(NULL_BODY.has(status) ? null : text, { status, headers });
}

/** Monzo's code prefixes by status (monzo-api.md §9.2, from monzo/terrors). */
function codeFor(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'bad_response',
    412: 'precondition_failed',
    429: 'rate_limited',
    504: 'timeout',
  };
  return codes[status] ?? (status >= 500 ? 'internal_service' : 'bad_request');
}

function messageFor(status: number): string {
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'An internal error occurred';
  return `Request failed with status ${status}`;
}

/**
 * Checks a rule as it comes from a test or the HTTP twin, and returns it with `method` upper-cased. Throws a
 * `TypeError` naming the first problem.
 */
export function parseFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('a fault rule must be an object');
  }
  const rule = input as Record<string, unknown>;
  for (const key of Object.keys(rule)) {
    if (!KEYS.has(key)) throw new TypeError(`unknown field "${key}" in a fault rule`);
  }
  const out: FaultRule = {};
  const { method, path, times, probability, latencyMs, status, body, headers, reset, malformed, commit } =
    rule;
  if (method !== undefined) {
    if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))
      throw new TypeError('method must be an HTTP method');
    out.method = method.toUpperCase();
  }
  if (path !== undefined) {
    if (typeof path !== 'string' || !/^([A-Z]+ )?\//.test(path)) {
      throw new TypeError('path must start with "/" (or be a route key like "PUT /pots/:pot_id/deposit")');
    }
    out.path = path;
  }
  if (times !== undefined) {
    if (!Number.isSafeInteger(times) || (times as number) < 1)
      throw new TypeError('times must be a whole number ≥ 1');
    out.times = times as number;
  }
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
      throw new TypeError('probability must be a number from 0 to 1');
    }
    out.probability = probability;
  }
  if (latencyMs !== undefined) {
    if (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs <= 600_000)) {
      throw new TypeError('latencyMs must be from 0 to 600000');
    }
    out.latencyMs = latencyMs;
  }
  if (status !== undefined) {
    if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
      throw new TypeError('status must be a whole number from 200 to 599');
    }
    out.status = status as number;
  }
  if (body !== undefined) {
    if (status === undefined) throw new TypeError('body needs a status');
    out.body = body;
  }
  if (headers !== undefined) {
    if (status === undefined) throw new TypeError('headers need a status');
    out.headers = parseHeaders(headers);
  }
  if (reset !== undefined) {
    if (reset !== 'before' && reset !== 'after') throw new TypeError('reset must be "before" or "after"');
    if (status !== undefined || malformed)
      throw new TypeError('reset drops the connection: it cannot also answer');
    out.reset = reset;
  }
  if (malformed !== undefined) {
    if (typeof malformed !== 'boolean') throw new TypeError('malformed must be true or false');
    out.malformed = malformed;
  }
  if (commit !== undefined) {
    if (typeof commit !== 'boolean') throw new TypeError('commit must be true or false');
    if (status === undefined)
      throw new TypeError('commit needs a status, the answer sent after the route ran');
    out.commit = commit;
  }
  if (out.latencyMs === undefined && out.status === undefined && !out.reset && !out.malformed) {
    throw new TypeError('a fault rule needs latencyMs, status, reset or malformed');
  }
  return out;
}

function parseHeaders(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('headers must be an object of strings');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (typeof value !== 'string') throw new TypeError(`header "${name}" must be a string`);
    try {
      new Headers({ [name]: value });
    } catch {
      throw new TypeError(`"${name}: ${value}" is not a valid header`);
    }
    out[name] = value;
  }
  return out;
}
