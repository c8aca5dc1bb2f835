/** For the extras tests: an in-process emulator, a login through the real SDK, and a raw HTTP caller. */
import { MonzoClient } from 'monzo-ts';
import { createControl } from '../control.js';
import { asFetch } from '../core/fetch.js';
import { createHandler } from '../core/handle.js';
import { createMockMonzo, type MockMonzo } from '../index.js';
import type { MockOptions } from '../options.js';
import { signIn } from '../sign-in.js';
import { World } from '../world.js';

export const API = 'http://monzo.test';

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty. */
  body: unknown;
}

/**
 * An auto-approving emulator with tiny webhook backoff, logged in with the SDK (authorization URL, redirect,
 * code exchange with the state check). `monzo` is an SDK client over `mock.fetch` that does not retry. `build`
 * replaces `createMockMonzo` for a test that must look inside the world.
 */
export async function signedIn(
  options: MockOptions = {},
  build: (options: MockOptions) => MockMonzo = createMockMonzo,
) {
  const mock = build({ autoApprove: true, transactions: 40, webhookRetryDelaysMs: [1, 2, 3, 4], ...options });
  const tokens = await signIn(mock);
  const monzo = new MonzoClient({
    apiUrl: API,
    fetch: mock.fetch,
    accessToken: tokens.access_token,
    maxRetries: 0,
  });
  const dataset = mock.control.dataset();
  const account = dataset.accounts.find(
    (candidate) => candidate.type === 'uk_retail' && !candidate.closed,
  )?.id;
  if (!account) throw new Error('the dataset has no open personal account');

  /** A raw call with the bearer token: a form body from a record, JSON from `{ json }`, or a string as is. */
  const call = async (
    method: string,
    path: string,
    body?: Record<string, string> | { json: unknown },
  ): Promise<RawAnswer> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${tokens.access_token}` };
    let payload: string | URLSearchParams | undefined;
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      payload = new URLSearchParams(body);
    }
    const response = await mock.fetch(`${API}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text ? JSON.parse(text) : undefined,
    };
  };

  return { mock, monzo, tokens, dataset, account, call };
}

export type Session = Awaited<ReturnType<typeof signedIn>>;

/**
 * `signedIn` over `createMockMonzo`'s own wiring, keeping the world so that a test can look at what no endpoint
 * shows: the feed items, and whether webhook deliveries are still under way.
 */
export async function signedInWithWorld(options: MockOptions = {}) {
  let world: World | undefined;
  const session = await signedIn(options, (resolved) => {
    world = new World(resolved);
    const handle = createHandler(world);
    const { clientId, clientSecret } = world.options.client;
    return { handle, fetch: asFetch(handle), control: createControl(world), clientId, clientSecret };
  });
  return { ...session, world: world as unknown as World };
}

/** The `code` of a Monzo error answer. */
export function codeOf(answer: RawAnswer): string | undefined {
  return (answer.body as { code?: string } | undefined)?.code;
}
