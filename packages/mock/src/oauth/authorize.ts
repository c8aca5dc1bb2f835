import { MockHttpError, readForm } from '../core/http.js';
import type { RouteContext } from '../core/router.js';
import type { MockClientRegistration } from '../options.js';
import { consentPage, errorPage, htmlResponse } from './consent.js';
import type { OAuth } from './oauth.js';
import { callbackUrl, redirect } from './redirect-uri.js';

/**
 * The browser step of the login (monzo-api.md §3.2, §3.3), as `auth.monzo.com/` does it: `GET /` shows the consent page,
 * `POST /` takes the user's decision and redirects to the client. A request that cannot be trusted (unknown
 * client, redirect URI not allowed, wrong response type) gets an HTML error page and never a redirect, so the
 * emulator cannot be used to bounce a browser to an arbitrary site.
 */

type AuthorizeCheck =
  | { ok: true; client: Required<MockClientRegistration>; redirectUri: string; state: string | null }
  | { ok: false; reason: string };

const SINGLE_VALUED = ['client_id', 'redirect_uri', 'response_type', 'state'] as const;

/** Validates the parameters of an authorization request, from the query (GET) or the consent form (POST). */
export function checkAuthorizeRequest(oauth: OAuth, params: URLSearchParams): AuthorizeCheck {
  for (const name of SINGLE_VALUED) {
    if (params.getAll(name).length > 1) return refuse(`The parameter ${name} is given more than once.`);
  }
  const clientId = params.get('client_id');
  if (!clientId) return refuse('The client_id parameter is missing.');
  const client = oauth.client(clientId);
  if (!client) return refuse(`No client is registered with the client_id "${clientId}".`);
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return refuse('The redirect_uri parameter is missing.');
  if (!oauth.redirectAllowed(client, redirectUri)) {
    const rule =
      client.redirectUris.length > 0
        ? `one of the registered redirect URIs (${client.redirectUris.join(', ')})`
        : 'an http URI on a loopback host (localhost, 127.0.0.1, [::1]) when none is registered';
    return refuse(`The redirect_uri "${redirectUri}" is not allowed for this client: it must be ${rule}.`);
  }
  const responseType = params.get('response_type');
  if (responseType !== 'code') {
    return refuse(`The response_type must be "code"${responseType ? `, not "${responseType}"` : ''}.`);
  }
  return { ok: true, client, redirectUri, state: params.get('state') };
}

/** `GET /`: the consent page, or with `autoApprove` an immediate redirect carrying a code. */
export function showConsent({ world, url }: RouteContext): Response {
  const check = checkAuthorizeRequest(world.oauth, url.searchParams);
  if (!check.ok) return htmlResponse(errorPage(check.reason), 400);
  if (world.options.autoApprove)
    return allow(world.oauth, check.client.clientId, check.redirectUri, check.state);
  return htmlResponse(
    consentPage({
      clientId: check.client.clientId,
      redirectUri: check.redirectUri,
      state: check.state,
      userId: world.bank.userId,
    }),
  );
}

/** `POST /`: the consent form. Its fields are checked again, as anyone can post them. */
export async function decideConsent({ world, request }: RouteContext): Promise<Response> {
  let form: URLSearchParams;
  try {
    form = await readForm(request);
  } catch (error) {
    if (error instanceof MockHttpError) return htmlResponse(errorPage(error.message), error.status);
    throw error;
  }
  const check = checkAuthorizeRequest(world.oauth, form);
  if (!check.ok) return htmlResponse(errorPage(check.reason), 400);
  const decision = form.get('decision');
  if (decision === 'allow') return allow(world.oauth, check.client.clientId, check.redirectUri, check.state);
  if (decision === 'deny')
    return redirect(callbackUrl(check.redirectUri, { error: 'access_denied', state: check.state }));
  return htmlResponse(errorPage('The form must say decision=allow or decision=deny.'), 400);
}

function allow(oauth: OAuth, clientId: string, redirectUri: string, state: string | null): Response {
  const code = oauth.issueCode(clientId, redirectUri);
  return redirect(callbackUrl(redirectUri, { code, state }));
}

function refuse(reason: string): AuthorizeCheck {
  return { ok: false, reason };
}
