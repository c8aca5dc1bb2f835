import { describe, expect, it } from 'vitest';
import { MonzoValidationError } from '../core/errors.js';
import { constantTimeEqual, createAuthorizationRequest } from './oauth.js';

const clientId = 'oauth2client_00009abcdefghijklmnopq';
const redirectUri = 'https://your.example.com/oauth/callback';

describe('createAuthorizationRequest', () => {
  it("builds Monzo's login URL with client_id, redirect_uri, response_type=code and the state", () => {
    const { url, state } = createAuthorizationRequest({ clientId, redirectUri });
    expect(url).toBe(
      `https://auth.monzo.com/?client_id=${clientId}` +
        '&redirect_uri=https%3A%2F%2Fyour.example.com%2Foauth%2Fcallback' +
        `&response_type=code&state=${state}`,
    );
  });

  it('makes a fresh, URL-safe state of at least 32 random bytes on every call', () => {
    const states = Array.from(
      { length: 2_000 },
      () => createAuthorizationRequest({ clientId, redirectUri }).state,
    );
    expect(new Set(states).size).toBe(states.length);
    for (const state of states) {
      // 32 bytes in unpadded base64url is 43 characters; only the URL-safe alphabet.
      expect(state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(encodeURIComponent(state)).toBe(state);
    }
    // The characters are spread over the whole alphabet, as random bytes would be: not a counter or a clock.
    const alphabet = new Set(states.join(''));
    expect(alphabet.size).toBe(64);
  });

  it('puts a state the caller passes into the URL unchanged', () => {
    const { url, state } = createAuthorizationRequest({ clientId, redirectUri, state: 'restored-state_123' });
    expect(state).toBe('restored-state_123');
    expect(new URL(url).searchParams.get('state')).toBe('restored-state_123');
  });

  it('uses the given authUrl, keeping its path', () => {
    const { url } = createAuthorizationRequest({
      clientId,
      redirectUri,
      authUrl: 'http://127.0.0.1:8080/auth',
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('http://127.0.0.1:8080/auth');
    expect(parsed.searchParams.get('client_id')).toBe(clientId);
    expect(parsed.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(parsed.searchParams.get('response_type')).toBe('code');
  });

  it.each(['not a url', '/oauth/callback', ''])('refuses the redirectUri %j, naming the field', (bad) => {
    const attempt = () => createAuthorizationRequest({ clientId, redirectUri: bad });
    expect(attempt).toThrow(MonzoValidationError);
    expect(attempt).toThrow(/redirectUri/);
  });

  it('refuses an empty clientId or an empty given state', () => {
    expect(() => createAuthorizationRequest({ clientId: '', redirectUri })).toThrow(/clientId/);
    expect(() => createAuthorizationRequest({ clientId, redirectUri, state: '' })).toThrow(/state/);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['', '', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', 'a', false],
    ['a\u0000', 'a', false],
    ['état', 'état', true],
    ['état', 'etat', false],
  ])('compares %j and %j as %s', (a, b, equal) => {
    expect(constantTimeEqual(a, b)).toBe(equal);
  });

  it('tells apart strings that differ only in their last character', () => {
    const state = createAuthorizationRequest({ clientId, redirectUri }).state;
    const last = state.at(-1) === 'A' ? 'B' : 'A';
    expect(constantTimeEqual(state, state.slice(0, -1) + last)).toBe(false);
    expect(constantTimeEqual(state, `${state}`)).toBe(true);
  });
});
