import type { ServerResponse } from 'node:http';
import { onTestFinished } from 'vitest';
import type { TokenStore } from '../../src/auth/stores/token-store.js';
import type { TokenSet } from '../../src/auth/token-set.js';
import { MonzoClient } from '../../src/client.js';
import { exampleJson } from './fixtures.js';
import { type LoopbackRequest, sendJson, startLoopback } from './loopback.js';

export const CLIENT_ID = 'oauth2client_00009abcdefghijklmnopq';
export const CLIENT_SECRET = 'client-secret-for-tests-0123456789';
/** The access and refresh token a test's login handed out, before any refresh. */
export const ACCESS = 'initial-access-token-00000000';
export const REFRESH = 'initial-refresh-token-0000000';

/** ACCESS and REFRESH, already past expiry: the first call refreshes them. */
export const expiring = (): TokenSet => ({
  access_token: ACCESS,
  refresh_token: REFRESH,
  expires_at: Date.now() - 1,
});

/** A client of the token server at `url`, with the test app's credentials and its tokens in `tokenStore`. */
export function clientFor(url: string, tokenStore: TokenStore): MonzoClient {
  return new MonzoClient({ apiUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenStore });
}

/** A request that carried a bearer token, as the token server saw it. */
export interface DataRequest extends LoopbackRequest {
  token: string;
}

export interface TokenServerOptions {
  /** The access and refresh token the login handed out; both valid at the start. */
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the tokens a refresh issues, in seconds. */
  expiresIn?: number;
  /** Runs before a refresh is answered: hold it to let callers pile up behind it. */
  beforeRefresh?: () => void | Promise<void>;
  /** Runs when a data request arrives, before it is answered (return true to leave it unanswered). */
  onData?: (
    request: DataRequest,
    response: ServerResponse,
  ) => boolean | undefined | Promise<boolean | undefined>;
}

/**
 * A loopback stand-in for Monzo's token endpoint and any data endpoint, with real token rotation: each refresh
 * spends its refresh token and issues `access-N`/`refresh-N`; a spent or unknown refresh token is refused as
 * Monzo does. Counters let a test prove how many refreshes went over the wire.
 */
export async function startTokenServer(options: TokenServerOptions) {
  const validAccess = new Set([options.accessToken]);
  const validRefresh = new Set([options.refreshToken]);
  const expired = new Set<string>();
  const evicted = new Set<string>();
  const counts = { refresh: 0, exchange: 0, logout: 0, data: 0, unauthorized: 0 };
  const data: DataRequest[] = [];
  const refused: DataRequest[] = [];
  const refreshBodies: string[] = [];
  let serial = 0;

  const server = await startLoopback(async (request, response) => {
    if (request.url.pathname === '/oauth2/token') return token(request, response);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer) return sendJson(response, 401, { code: 'unauthorized.bad_access_token.missing' });
    const seen: DataRequest = { ...request, token: bearer };
    if (expired.has(bearer) || evicted.has(bearer) || !validAccess.has(bearer)) {
      counts.unauthorized++;
      refused.push(seen);
      const file = expired.has(bearer)
        ? 'error.access-token-expired.json'
        : 'error.access-token-evicted.json';
      return sendJson(response, 401, exampleJson(file));
    }
    if (request.url.pathname === '/oauth2/logout') {
      counts.logout++;
      validAccess.delete(bearer);
      return sendJson(response, 200, {});
    }
    counts.data++;
    data.push(seen);
    if (await options.onData?.(seen, response)) return;
    if (request.url.pathname === '/ping/whoami')
      return sendJson(response, 200, exampleJson('whoami.response.json'));
    return sendJson(response, 200, {});
  });

  async function token(request: LoopbackRequest, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(request.body);
    if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
      return sendJson(response, 401, { code: 'unauthorized.bad_client_credentials', message: 'Bad client' });
    }
    if (form.get('grant_type') !== 'refresh_token') {
      counts.exchange++;
      return sendJson(response, 400, { code: 'bad_request.unsupported_grant', message: 'Only refresh here' });
    }
    counts.refresh++;
    refreshBodies.push(request.body);
    await options.beforeRefresh?.();
    const spent = form.get('refresh_token') ?? '';
    if (!validRefresh.delete(spent))
      return sendJson(response, 401, exampleJson('error.bad-refresh-token.json'));
    serial++;
    const issued = {
      access: `access-${serial}-${'a'.repeat(24)}`,
      refresh: `refresh-${serial}-${'r'.repeat(24)}`,
    };
    validAccess.add(issued.access);
    validRefresh.add(issued.refresh);
    sendJson(response, 200, {
      access_token: issued.access,
      client_id: CLIENT_ID,
      expires_in: options.expiresIn ?? 21_600,
      refresh_token: issued.refresh,
      token_type: 'Bearer',
      user_id: 'user_00009238aMBIIrS5Rdncq9',
    });
  }

  return {
    url: server.url,
    close: server.close,
    counts,
    /** Every data request that was accepted, in arrival order. */
    data,
    /** Every data request refused with a 401, in arrival order. */
    refused,
    /** The raw form bodies of the refresh requests. */
    refreshBodies,
    /** Makes Monzo answer `unauthorized.bad_access_token.expired` for this token from now on. */
    expire(accessToken: string): void {
      validAccess.delete(accessToken);
      expired.add(accessToken);
    },
    /** Makes Monzo answer `unauthorized.bad_access_token.evicted` for this token from now on (even one not yet issued). */
    evict(accessToken: string): void {
      evicted.add(accessToken);
    },
    /** The tokens issued by the n-th refresh (1-based). */
    issued(n: number) {
      return { access: `access-${n}-${'a'.repeat(24)}`, refresh: `refresh-${n}-${'r'.repeat(24)}` };
    },
  };
}

export type TokenServer = Awaited<ReturnType<typeof startTokenServer>>;

/** A token server whose login handed out ACCESS and REFRESH (unless `options` say otherwise), closed when the running test ends. */
export async function tokenServerForTest(options: Partial<TokenServerOptions> = {}): Promise<TokenServer> {
  const server = await startTokenServer({ accessToken: ACCESS, refreshToken: REFRESH, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** A promise with its resolver outside, to hold a server's answer until a test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
