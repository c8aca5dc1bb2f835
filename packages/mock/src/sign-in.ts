import { submitConsent } from './consent.js';
import type { MockControl } from './control.js';

/** The origin in-process requests use when the emulator has no socket; nothing resolves it. */
export const IN_PROCESS_URL = 'http://monzo.test';
const DEFAULT_REDIRECT = 'http://127.0.0.1:8080/callback';

/** An emulator to log in to: `createMockMonzo()` (in process) or `startMockServer()` (over a socket). */
export interface SignInTarget {
  clientId: string;
  clientSecret: string;
  control: MockControl;
  /** Where it listens; absent for an in-process emulator, reached through `fetch`. */
  url?: string;
  /** How to reach an in-process emulator; absent for one on a socket. */
  fetch?: typeof fetch;
}

/** Tokens as the SDK keeps them (`TokenSet` in `monzo-ts`): the expiry is an absolute time. */
export interface SignedInTokens {
  access_token: string;
  refresh_token: string;
  /** Epoch milliseconds, counted from this machine's clock as the SDK's `exchangeCode` does. */
  expires_at: number;
  token_type: string;
  user_id: string;
  client_id: string;
}

/** Options of `signIn`. */
export interface SignInOptions {
  /** Must be one of the emulator's registered redirect URIs. Default `http://127.0.0.1:8080/callback`. */
  redirectUri?: string;
  /** Approve the login as the user would in the app (SCA), unless the emulator auto-approves. Default true. */
  approve?: boolean;
}

/**
 * Logs in as a test user would, in one call: the authorization URL, Allow on the consent page, the code exchange,
 * and (by default) the approval in the app. For tests of code that needs a logged-in client; to test a login
 * flow itself, drive it with `submitConsent` instead.
 *
 * @example
 * const mock = await startMockServer();
 * const tokens = await signIn(mock);
 * const monzo = new MonzoClient({ apiUrl: mock.url, tokens, clientId: mock.clientId, clientSecret: mock.clientSecret });
 */
export async function signIn(target: SignInTarget, options: SignInOptions = {}): Promise<SignedInTokens> {
  const origin = target.url ?? IN_PROCESS_URL;
  const fetchImpl = target.fetch ?? fetch;
  const redirectUri = options.redirectUri ?? DEFAULT_REDIRECT;
  const state = crypto.randomUUID();
  const login = new URL('/', origin);
  login.search = new URLSearchParams({
    client_id: target.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    state,
  }).toString();
  const callback = new URL(await submitConsent(login.href, 'allow', fetchImpl));
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(
      `the emulator redirected without a code for this login: ${callback.origin}${callback.pathname}`,
    );
  }
  const answer = await fetchImpl(new URL('/oauth2/token', origin), {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: target.clientId,
      client_secret: target.clientSecret,
      redirect_uri: redirectUri,
      code,
    }),
  });
  if (!answer.ok) throw new Error(`the emulator refused the code exchange with HTTP ${answer.status}`);
  const body = (await answer.json()) as Omit<SignedInTokens, 'expires_at'> & { expires_in: number };
  const { expires_in, ...tokens } = body;
  if (options.approve !== false) target.control.approve(tokens.access_token);
  return { ...tokens, expires_at: Date.now() + expires_in * 1000 };
}
