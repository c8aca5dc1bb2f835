/**
 * A `monzo`-like process for the shared token file tests: a client on a FileTokenStore, through the SDK's source.
 * Settings come from the environment: MONZO_API_URL, MONZO_CLIENT_ID, MONZO_CLIENT_SECRET, TOKEN_FILE,
 * LOCK_TTL_MS, and CHILD_MODE:
 * - `once`: one call, then its outcome as a JSON line; exits 1 when it failed.
 * - `rounds`: on each `go` line on stdin, a new client (as a new process would be) makes one call and prints its
 *   outcome as a JSON line.
 * - `hold`: takes the token file's lock, prints `locked`, and holds it until killed.
 * Usage: node --import tsx file-store-child.ts
 */
import { createInterface } from 'node:readline';
import { FileTokenStore } from '../../src/auth/stores/file.js';
import { MonzoClient } from '../../src/client.js';

/** What one call came to, as the test reads it. */
export interface CallOutcome {
  ok: boolean;
  error?: string;
  /** Set when the client told of tokens it could not save. */
  unsaved?: string;
}

const env = process.env;
const file = env.TOKEN_FILE ?? '';
const ttlMs = Number(env.LOCK_TTL_MS ?? 10_000);
const store = () => new FileTokenStore(file, { lock: { ttlMs } });

async function call(): Promise<CallOutcome> {
  let unsaved: string | undefined;
  const monzo = new MonzoClient({
    apiUrl: env.MONZO_API_URL ?? '',
    clientId: env.MONZO_CLIENT_ID ?? '',
    clientSecret: env.MONZO_CLIENT_SECRET ?? '',
    tokenStore: store(),
    onTokensUnsaved: (error) => {
      unsaved = error.message;
    },
  });
  try {
    await monzo.whoami();
    return unsaved ? { ok: true, unsaved } : { ok: true };
  } catch (error) {
    return { ok: false, error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const mode = env.CHILD_MODE;
if (mode === 'once') {
  const outcome = await call();
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  process.exitCode = outcome.ok ? 0 : 1;
} else if (mode === 'rounds') {
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'go') process.stdout.write(`${JSON.stringify(await call())}\n`);
  }
} else if (mode === 'hold') {
  await store().withLock(async () => {
    process.stdout.write('locked\n');
    // A timer keeps the process alive (a bare pending promise would not): it holds the lock until killed.
    await new Promise(() => setInterval(() => {}, 60_000));
  });
} else {
  throw new Error(`unknown CHILD_MODE ${mode}`);
}
