import { describe, expect, it } from 'vitest';
import { exampleText } from '../../test/support/fixtures.js';
import { isSecretKey, REDACTED, redactFields, redactHeaders, redactText } from './redact.js';

describe('isSecretKey', () => {
  it.each(['access_token', 'refresh_token', 'client_secret', 'code', 'Authorization', 'COOKIE'])(
    'treats %s as secret, whatever its case',
    (key) => {
      expect(isSecretKey(key)).toBe(true);
    },
  );

  it.each(['account_id', 'client_id', 'grant_type', 'user-agent', 'codes'])('leaves %s alone', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('redactHeaders', () => {
  it('masks the bearer token and cookies on a copy, leaving the original untouched', () => {
    const headers = {
      Authorization: 'Bearer tok_live_abcdef123456',
      cookie: 'session=1',
      'User-Agent': 'monzo-ts/0.1.0',
    };
    const copy = redactHeaders(headers);
    expect(copy).toEqual({ Authorization: REDACTED, cookie: REDACTED, 'User-Agent': 'monzo-ts/0.1.0' });
    expect(copy).not.toBe(headers);
    expect(headers.Authorization).toBe('Bearer tok_live_abcdef123456');
  });
});

describe('redactFields', () => {
  it('masks the secrets of the token exchange form on a copy', () => {
    const params = new URLSearchParams(exampleText('oauth-token.request.form.txt'));
    const copy = redactFields(params);
    expect(Object.fromEntries(copy)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'oauth2client_00009abcdefghijklmnopq',
      client_secret: REDACTED,
      redirect_uri: 'https://your.example.com/oauth/callback',
      code: REDACTED,
    });
    expect(params.get('client_secret')).toBe('CLIENT_SECRET');
  });

  it('masks the refresh token of the refresh form', () => {
    const copy = Object.fromEntries(
      redactFields(new URLSearchParams(exampleText('oauth-refresh.request.form.txt'))),
    );
    expect(copy.refresh_token).toBe(REDACTED);
    expect(copy.client_secret).toBe(REDACTED);
    expect(copy.grant_type).toBe('refresh_token');
  });
});

describe('redactText', () => {
  it('masks secret values in JSON text, escaped quotes included, and keeps the rest', () => {
    const text = JSON.stringify({
      access_token: 'eyJhbGc.secret"part',
      refresh_token: 'rt_123',
      user_id: 'user_1',
    });
    const out = redactText(text);
    expect(out).not.toContain('eyJhbGc');
    expect(out).not.toContain('secret');
    expect(out).not.toContain('rt_123');
    expect(out).toContain('"user_id":"user_1"');
    expect(out).toContain(`"access_token":"${REDACTED}"`);
  });

  it('masks a JSON secret whose value was cut off by truncation', () => {
    const out = redactText('{"user_id":"u","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdW');
    expect(out).not.toContain('eyJ');
    expect(out).toContain(REDACTED);
  });

  it('masks the secrets of a form body, and of a query string', () => {
    const out = redactText(exampleText('oauth-token.request.form.txt'));
    expect(out).not.toContain('CLIENT_SECRET');
    expect(out).not.toContain('AUTHORIZATION_CODE');
    expect(out).toContain('grant_type=authorization_code');
    expect(out).toContain('client_id=oauth2client_00009abcdefghijklmnopq');
    expect(redactText('GET /callback?state=abc&code=xyz789 HTTP/1.1')).toBe(
      `GET /callback?state=abc&code=${REDACTED} HTTP/1.1`,
    );
  });

  it('masks bearer tokens in free text, whatever the case', () => {
    const out = redactText('sent Authorization: Bearer abc.def-ghi_jkl and bearer xyz123');
    expect(out).toBe(`sent Authorization: Bearer ${REDACTED} and bearer ${REDACTED}`);
  });

  it('masks every known secret value wherever it stands', () => {
    const token = 'tok_live_9f8e7d6c5b4a';
    const out = redactText(`<html>token ${token} echoed, again:${token}</html>`, [token, undefined]);
    expect(out).toBe(`<html>token ${REDACTED} echoed, again:${REDACTED}</html>`);
  });

  it('masks a known secret percent-encoded or form-encoded, as a quoted URL or form body carries it', () => {
    const secret = 'cs+abc/def=ghi';
    const out = redactText(`url ?s=cs%2Babc%2Fdef%3Dghi form s=cs%2Babc%2Fdef%3Dghi raw ${secret}`, [secret]);
    expect(out).toBe(`url ?s=${REDACTED} form s=${REDACTED} raw ${REDACTED}`);
  });

  it('masks the user name and password of any URL, even a password with an @', () => {
    const out = redactText(
      'cannot fetch http://user:hunter2@127.0.0.1:9/x, nor https://p@ss:w@rd@host/a?b=c@d, nor http://host/a@b',
    );
    expect(out).toBe(
      `cannot fetch http://${REDACTED}@127.0.0.1:9/x, nor https://${REDACTED}@host/a?b=c@d, nor http://host/a@b`,
    );
    expect(out).not.toContain('hunter2');
  });

  it('ignores known secrets too short to be real, so ordinary words survive', () => {
    expect(redactText('the cat sat', ['cat', ''])).toBe('the cat sat');
  });

  it('returns the text unchanged when it holds no secret', () => {
    const text = '{"code_name":"x","account_id":"acc_1"} codes=1';
    expect(redactText(text)).toBe(text);
  });
});
