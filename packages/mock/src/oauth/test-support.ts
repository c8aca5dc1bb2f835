/** Helpers for the OAuth tests: a login driven over raw HTTP against an in-process emulator, as a browser would. */
import type { MockMonzo } from '../index.js';

export const API = 'http://monzo.test';
export const REDIRECT = 'http://127.0.0.1:8080/callback';

/** The authorization URL of a login, with any parameter replaced or removed (`null`). */
export function authorizeUrl(mock: MockMonzo, overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    client_id: mock.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    state: 'state-123',
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.append(name, value);
  return `${API}/?${query}`;
}

/** The hidden fields and buttons of the consent page's form, unescaped. */
export function readConsentForm(html: string): {
  action: string;
  fields: URLSearchParams;
  buttons: string[];
} {
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('no form on the page');
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? '').matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(input[1] ?? '', unescapeHtml(input[2] ?? ''));
  }
  const buttons = [...(form[2] ?? '').matchAll(/<button[^>]*name="decision" value="([^"]*)"/g)].map(
    (b) => b[1] ?? '',
  );
  return { action: unescapeHtml(form[1] ?? ''), fields, buttons };
}

/**
 * Loads the consent page and submits it with the user's decision; resolves to the redirect response (with
 * auto-approve, the page's own immediate redirect).
 */
export async function decide(mock: MockMonzo, url: string, decision: 'allow' | 'deny'): Promise<Response> {
  const page = await mock.fetch(url, { redirect: 'manual' });
  if (page.status === 302) return page;
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const { action, fields } = readConsentForm(await page.text());
  fields.append('decision', decision);
  return mock.fetch(new URL(action, url), { method: 'POST', body: fields, redirect: 'manual' });
}

/** The `code` of an allowed login (through the page, or at once with auto-approve). */
export async function authorize(mock: MockMonzo, redirectUri = REDIRECT): Promise<string> {
  const answer = await decide(mock, authorizeUrl(mock, { redirect_uri: redirectUri }), 'allow');
  const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error('no code in the callback');
  return code;
}

/** POSTs a form to the token endpoint with the emulator's client credentials, unless the fields override them. */
export function tokenRequest(mock: MockMonzo, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams({ client_id: mock.clientId, client_secret: mock.clientSecret, ...fields });
  return mock.fetch(`${API}/oauth2/token`, { method: 'POST', body });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** A full login: authorize, then exchange the code. */
export async function login(mock: MockMonzo): Promise<Tokens> {
  const code = await authorize(mock);
  const response = await tokenRequest(mock, {
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT,
    code,
  });
  if (response.status !== 200)
    throw new Error(`exchange answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Tokens;
}

/** Spends a refresh token. */
export function refresh(mock: MockMonzo, refreshToken: string): Promise<Response> {
  return tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** A raw API call with a bearer token; resolves to the status and parsed body. */
export async function call(
  mock: MockMonzo,
  accessToken: string | undefined,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
  const response = await mock.fetch(`${API}${path}`, { method, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
