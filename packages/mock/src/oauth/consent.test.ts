import { describe, expect, it } from 'vitest';
import { createMockMonzo } from '../index.js';
import { API, authorizeUrl, decide, REDIRECT, readConsentForm } from './test-support.js';

describe('the consent page (GET /)', () => {
  it('names the client that asks and offers Allow and Deny in a form that posts back to the emulator', async () => {
    const mock = createMockMonzo();
    const response = await mock.fetch(authorizeUrl(mock));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain(mock.clientId);
    expect(html).toContain(mock.control.dataset().user_id);
    const form = readConsentForm(html);
    expect(form.action).toBe('/');
    expect(form.buttons).toEqual(['allow', 'deny']);
    expect(Object.fromEntries(form.fields)).toEqual({
      client_id: mock.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      state: 'state-123',
    });
  });

  it('Allow redirects to the redirect_uri with a code and the state untouched', async () => {
    const mock = createMockMonzo();
    const state = 'a b+c/d?e=f&g=%41 ünï';
    const answer = await decide(mock, authorizeUrl(mock, { state }), 'allow');
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('code')?.length).toBeGreaterThanOrEqual(40);
  });

  it('keeps the query the redirect_uri already has', async () => {
    const mock = createMockMonzo();
    const redirectUri = 'http://localhost:3000/cb?tenant=a%20b';
    const answer = await decide(mock, authorizeUrl(mock, { redirect_uri: redirectUri }), 'allow');
    const location = answer.headers.get('location') ?? '';
    expect(location.startsWith(`${redirectUri}&code=`)).toBe(true);
    expect(new URL(location).searchParams.get('state')).toBe('state-123');
  });

  it('Deny redirects with error=access_denied and the state, and no code', async () => {
    const mock = createMockMonzo();
    const answer = await decide(mock, authorizeUrl(mock), 'deny');
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('without a state, the callback carries none', async () => {
    const mock = createMockMonzo();
    const answer = await decide(mock, authorizeUrl(mock, { state: null }), 'allow');
    const location = new URL(answer.headers.get('location') ?? '');
    expect([...location.searchParams.keys()]).toEqual(['code']);
  });

  it('with autoApprove, redirects at once with a code', async () => {
    const mock = createMockMonzo({ autoApprove: true });
    const answer = await mock.fetch(authorizeUrl(mock), { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.searchParams.get('code')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('escapes a script in client_id and state', async () => {
    const script = '"><script>alert(1)</script><x y=\'';
    const mock = createMockMonzo({ clientId: `client${script}`, clientSecret: 'secret' });
    const page = await (await mock.fetch(authorizeUrl(mock, { state: script }))).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(Object.fromEntries(readConsentForm(page).fields)).toMatchObject({
      client_id: mock.clientId,
      state: script,
    });

    const unknown = await mock.fetch(authorizeUrl(mock, { client_id: script }));
    expect(unknown.status).toBe(400);
    const errorPage = await unknown.text();
    expect(errorPage).not.toContain('<script>');
    expect(errorPage).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('a login request that cannot be trusted gets a 400 page and never a redirect', () => {
  const cases: Array<[string, Record<string, string | null>, RegExp]> = [
    ['an unknown client_id', { client_id: 'oauth2client_unknown' }, /No client is registered/],
    ['no client_id', { client_id: null }, /client_id parameter is missing/],
    ['no redirect_uri', { redirect_uri: null }, /redirect_uri parameter is missing/],
    ['no response_type', { response_type: null }, /response_type must be &quot;code&quot;\./],
    ['response_type=token', { response_type: 'token' }, /not &quot;token&quot;/],
    ['an https redirect_uri off the machine', { redirect_uri: 'https://evil.example/cb' }, /not allowed/],
    ['an http redirect_uri off the machine', { redirect_uri: 'http://10.0.0.1/cb' }, /not allowed/],
    ['a loopback https redirect_uri', { redirect_uri: 'https://127.0.0.1/cb' }, /not allowed/],
    ['a redirect_uri with a fragment', { redirect_uri: 'http://127.0.0.1/cb#x' }, /not allowed/],
    ['a redirect_uri with user info', { redirect_uri: 'http://a@127.0.0.1/cb' }, /not allowed/],
    ['a redirect_uri that is not a URL', { redirect_uri: 'not a url' }, /not allowed/],
  ];
  for (const [name, overrides, message] of cases) {
    it(name, async () => {
      const mock = createMockMonzo();
      const response = await mock.fetch(authorizeUrl(mock, overrides), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toMatch(message);
    });
  }

  it('a parameter given twice', async () => {
    const mock = createMockMonzo();
    const response = await mock.fetch(
      `${authorizeUrl(mock)}&redirect_uri=${encodeURIComponent('http://127.0.0.1/x')}`,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/redirect_uri is given more than once/);
  });

  it('accepts every loopback http host when no redirect URI is registered', async () => {
    const mock = createMockMonzo();
    for (const uri of [
      'http://localhost:9/cb',
      'http://127.0.0.1/cb',
      'http://127.8.9.10:1/',
      'http://[::1]:8080/cb',
    ]) {
      const response = await mock.fetch(authorizeUrl(mock, { redirect_uri: uri }));
      expect(response.status, uri).toBe(200);
    }
  });

  it('accepts only the registered redirect URIs, exactly, when some are registered', async () => {
    const registered = 'https://app.example.com/oauth/callback';
    const mock = createMockMonzo({ redirectUris: [registered] });
    expect((await mock.fetch(authorizeUrl(mock, { redirect_uri: registered }))).status).toBe(200);
    for (const uri of [
      REDIRECT,
      `${registered}/`,
      `${registered}?x=1`,
      'https://APP.example.com/oauth/callback',
    ]) {
      expect((await mock.fetch(authorizeUrl(mock, { redirect_uri: uri }))).status, uri).toBe(400);
    }
  });

  it('checks the posted form again: a tampered redirect_uri is refused', async () => {
    const mock = createMockMonzo();
    const { fields } = readConsentForm(await (await mock.fetch(authorizeUrl(mock))).text());
    fields.set('redirect_uri', 'https://evil.example/cb');
    fields.append('decision', 'allow');
    const response = await mock.fetch(`${API}/`, { method: 'POST', body: fields, redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('a form without a decision, or with a body that is not a form, gets a page too', async () => {
    const mock = createMockMonzo();
    const { fields } = readConsentForm(await (await mock.fetch(authorizeUrl(mock))).text());
    const noDecision = await mock.fetch(`${API}/`, { method: 'POST', body: fields });
    expect(noDecision.status).toBe(400);
    expect(await noDecision.text()).toMatch(/decision=allow or decision=deny/);
    const notForm = await mock.fetch(`${API}/`, {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(notForm.status).toBe(400);
    expect(notForm.headers.get('content-type')).toContain('text/html');
  });
});
