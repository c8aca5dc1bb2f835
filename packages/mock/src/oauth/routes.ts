import { fail, json, readForm, required } from '../core/http.js';
import type { Route, RouteContext } from '../core/router.js';
import { decideConsent, showConsent } from './authorize.js';
import type { TokenGrant } from './oauth.js';

/** The token endpoint (monzo-api.md §3.4, §3.5): the two grants Monzo supports, form-encoded. Any bearer header is ignored. */
async function token({ world, request }: RouteContext): Promise<Response> {
  const form = await readForm(request);
  const grantType = required(form, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw fail.badParam(
      'grant_type',
      `Unsupported grant_type "${grantType}": use authorization_code or refresh_token`,
    );
  }
  const clientId = required(form, 'client_id');
  const clientSecret = required(form, 'client_secret');
  let grant: TokenGrant;
  if (grantType === 'authorization_code') {
    const redirectUri = required(form, 'redirect_uri');
    const code = required(form, 'code');
    grant = world.oauth.exchangeCode({ clientId, clientSecret, redirectUri, code });
  } else {
    grant = world.oauth.refresh({ clientId, clientSecret, refreshToken: required(form, 'refresh_token') });
  }
  // OAuth (RFC 6749 §5.1): a response carrying tokens is never cached.
  return json(grant, 200, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

/** The OAuth routes: the consent page and its form, the token endpoint, who-am-I and logout. */
export const oauthRoutes: Route[] = [
  { method: 'GET', path: '/', access: 'public', handle: showConsent },
  { method: 'POST', path: '/', access: 'public', handle: decideConsent },
  { method: 'POST', path: '/oauth2/token', access: 'public', handle: token },
  {
    method: 'GET',
    path: '/ping/whoami',
    // Works right after the exchange, before approval in the app (monzo-api.md §3.7).
    access: 'token',
    handle: ({ token }) => json({ authenticated: true, client_id: token!.clientId, user_id: token!.userId }),
  },
  {
    method: 'POST',
    path: '/oauth2/logout',
    access: 'token',
    handle: ({ world, token }) => {
      world.oauth.logout(token!);
      return json({});
    },
  },
];
