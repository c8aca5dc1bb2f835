import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/clients.js';
import { fakeFetch, json } from '../../test/support/fake-fetch.js';
import { exampleJson } from '../../test/support/fixtures.js';
import { FileTokenStore } from '../auth/stores/file.js';
import { MonzoClient } from '../client.js';
import { MonzoConfigError } from '../core/errors.js';
import { ENV_KEYS, envLabel, loadDotEnv, optionsFromEnv } from './env.js';

const MONZO_VARS = [
  'MONZO_CLIENT_ID',
  'MONZO_CLIENT_SECRET',
  'MONZO_REDIRECT_URI',
  'MONZO_ACCESS_TOKEN',
  'MONZO_REFRESH_TOKEN',
  'MONZO_API_URL',
  'MONZO_AUTH_URL',
  'MONZO_TOKEN_FILE',
];

let saved: Record<string, string | undefined>;
let savedCwd: string;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(MONZO_VARS.map((name) => [name, process.env[name]]));
  for (const name of MONZO_VARS) delete process.env[name];
  savedCwd = process.cwd();
  // An empty working directory, so that no stray .env is read.
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'monzo-env-')));
  process.chdir(dir);
});

afterEach(() => {
  process.chdir(savedCwd);
  rmSync(dir, { recursive: true, force: true });
  for (const name of MONZO_VARS) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function configError(run: () => unknown): MonzoConfigError {
  return thrownBy(MonzoConfigError, run);
}

describe('optionsFromEnv', () => {
  it('maps every MONZO_* variable to its option, trimmed', () => {
    const options = optionsFromEnv({
      MONZO_CLIENT_ID: ' oauth2client_1 ',
      MONZO_CLIENT_SECRET: 'secret',
      MONZO_REDIRECT_URI: 'http://127.0.0.1:8080/callback',
      MONZO_ACCESS_TOKEN: 'access',
      MONZO_REFRESH_TOKEN: 'refresh',
      MONZO_API_URL: 'http://127.0.0.1:9000',
      MONZO_AUTH_URL: 'http://127.0.0.1:9001',
      MONZO_TOKEN_FILE: '/tmp/tokens.json',
      UNRELATED: 'x',
    });
    expect(options).toMatchObject({
      clientId: 'oauth2client_1',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1:8080/callback',
      apiUrl: 'http://127.0.0.1:9000',
      authUrl: 'http://127.0.0.1:9001',
      tokens: { access_token: 'access', refresh_token: 'refresh' },
    });
    expect(options.accessToken).toBeUndefined();
    expect(options.tokenStore).toBeInstanceOf(FileTokenStore);
    expect((options.tokenStore as FileTokenStore).path).toBe('/tmp/tokens.json');
    expect(Object.values(ENV_KEYS).sort()).toEqual([...MONZO_VARS].sort());
  });

  it('makes an access token alone a playground token', () => {
    expect(optionsFromEnv({ MONZO_ACCESS_TOKEN: 'tok' })).toEqual({ accessToken: 'tok' });
  });

  it('makes a refresh token alone an already expired token set, so the first call refreshes', () => {
    expect(optionsFromEnv({ MONZO_REFRESH_TOKEN: 'rt' }).tokens).toEqual({
      access_token: '',
      refresh_token: 'rt',
      expires_at: 0,
    });
  });

  it('keeps empty values, so that validation can name them', () => {
    expect(optionsFromEnv({ MONZO_CLIENT_SECRET: '  ', MONZO_API_URL: '' })).toEqual({
      clientSecret: '',
      apiUrl: '',
    });
  });

  it('gives nothing for an empty environment', () => {
    expect(optionsFromEnv({})).toEqual({});
  });
});

describe('envLabel', () => {
  it('names a key by its variable unless the caller passed it as an option', () => {
    const label = envLabel({ apiUrl: 'x' });
    expect(label('apiUrl')).toBe('apiUrl');
    expect(label('clientSecret')).toBe('MONZO_CLIENT_SECRET');
    expect(label('tokens')).toBe('MONZO_REFRESH_TOKEN');
    expect(label('timeoutMs')).toBe('timeoutMs');
  });
});

describe('loadDotEnv', () => {
  it('does nothing when there is no .env file', () => {
    expect(() => loadDotEnv()).not.toThrow();
    expect(process.env.MONZO_ACCESS_TOKEN).toBeUndefined();
  });
});

describe('MonzoClient.fromEnv', () => {
  it('uses MONZO_ACCESS_TOKEN and MONZO_API_URL', async () => {
    process.env.MONZO_ACCESS_TOKEN = 'env-token';
    process.env.MONZO_API_URL = 'http://127.0.0.1:9/base/';
    const { fetch, requests } = fakeFetch(() => json(exampleJson('accounts-list.response.json')));
    const accounts = await MonzoClient.fromEnv({ fetch }).accounts.list();
    expect(accounts).toHaveLength(1);
    expect(requests[0]?.url.href).toBe('http://127.0.0.1:9/base/accounts');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer env-token');
  });

  it('refreshes with MONZO_REFRESH_TOKEN, MONZO_CLIENT_ID and MONZO_CLIENT_SECRET before the first call', async () => {
    process.env.MONZO_REFRESH_TOKEN = 'env-refresh';
    process.env.MONZO_CLIENT_ID = 'oauth2client_env';
    process.env.MONZO_CLIENT_SECRET = 'env-secret';
    const { fetch, requests } = fakeFetch((request) =>
      request.url.pathname === '/oauth2/token'
        ? json(exampleJson('oauth-refresh.response.json'))
        : json(exampleJson('accounts-list.response.json')),
    );
    await MonzoClient.fromEnv({ fetch }).accounts.list();
    expect(requests.map((request) => request.url.pathname)).toEqual(['/oauth2/token', '/accounts']);
    const form = new URLSearchParams(requests[0]?.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe('env-refresh');
    expect(form.get('client_id')).toBe('oauth2client_env');
    expect(form.get('client_secret')).toBe('env-secret');
    expect(requests[1]?.headers.get('authorization')).toBe('Bearer access_token_2');
  });

  it('reads tokens from the file named by MONZO_TOKEN_FILE', async () => {
    const file = join(dir, 'tokens.json');
    // Readable by its owner only, as FileTokenStore writes it: it refuses a token file others can read.
    writeFileSync(file, JSON.stringify({ access_token: 'file-token' }), { mode: 0o600 });
    process.env.MONZO_TOKEN_FILE = file;
    const { fetch, requests } = fakeFetch(() => json({ accounts: [] }));
    await MonzoClient.fromEnv({ fetch }).accounts.list();
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer file-token');
  });

  it('reads .env from the working directory, and variables already set win over it', async () => {
    writeFileSync(
      join(dir, '.env'),
      'MONZO_ACCESS_TOKEN=dotenv-token\nMONZO_API_URL=http://127.0.0.1:7/from-dotenv\n',
    );
    process.env.MONZO_API_URL = 'http://127.0.0.1:8/from-env';
    const { fetch, requests } = fakeFetch(() => json({ accounts: [] }));
    await MonzoClient.fromEnv({ fetch }).accounts.list();
    expect(requests[0]?.url.href).toBe('http://127.0.0.1:8/from-env/accounts');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer dotenv-token');
  });

  it('lets overrides win over the environment', async () => {
    process.env.MONZO_ACCESS_TOKEN = 'env-token';
    process.env.MONZO_API_URL = 'not a url';
    const { fetch, requests } = fakeFetch(() => json({ accounts: [] }));
    await MonzoClient.fromEnv({
      fetch,
      accessToken: 'override-token',
      apiUrl: 'http://127.0.0.1:6',
    }).accounts.list();
    expect(requests[0]?.url.href).toBe('http://127.0.0.1:6/accounts');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer override-token');
  });

  it('lets an accessToken override replace a refresh token from the environment', async () => {
    process.env.MONZO_REFRESH_TOKEN = 'env-refresh';
    process.env.MONZO_CLIENT_ID = 'oauth2client_env';
    process.env.MONZO_CLIENT_SECRET = 'env-secret';
    const { fetch, requests } = fakeFetch(() => json({ accounts: [] }));
    await MonzoClient.fromEnv({ fetch, accessToken: 'override-token' }).accounts.list();
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer override-token');
  });

  it('names every bad variable in one MonzoConfigError, and sends nothing', () => {
    process.env.MONZO_API_URL = 'api.monzo.com';
    process.env.MONZO_AUTH_URL = 'ftp://auth.monzo.com';
    process.env.MONZO_REDIRECT_URI = 'nope';
    process.env.MONZO_CLIENT_ID = 'oauth2client_1';
    process.env.MONZO_CLIENT_SECRET = '';
    const { fetch, requests } = fakeFetch(() => json({}));
    const error = configError(() => MonzoClient.fromEnv({ fetch }));
    const text = error.problems.join('\n');
    for (const name of ['MONZO_API_URL', 'MONZO_AUTH_URL', 'MONZO_REDIRECT_URI', 'MONZO_CLIENT_SECRET']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/no credentials.*MONZO_ACCESS_TOKEN/);
    expect(error.problems).toHaveLength(5);
    expect(error.message).toContain('MONZO_API_URL must be an http(s) URL, got "api.monzo.com"');
    expect(error.message).toContain('MONZO_CLIENT_SECRET is empty');
    expect(requests).toHaveLength(0);
  });

  it('says that no credentials were given, naming the variables that would give them', () => {
    const error = configError(() => MonzoClient.fromEnv());
    expect(error.problems).toEqual([
      'no credentials: give MONZO_REFRESH_TOKEN, MONZO_TOKEN_FILE or MONZO_ACCESS_TOKEN (from a login)',
    ]);
  });

  it('refuses a refresh token without the client id and secret, naming both variables', () => {
    process.env.MONZO_REFRESH_TOKEN = 'rt';
    const error = configError(() => MonzoClient.fromEnv());
    expect(error.message).toContain(
      'MONZO_CLIENT_ID and MONZO_CLIENT_SECRET are needed to use a refresh token',
    );
  });

  it('refuses a client id without its secret, naming the missing variable', () => {
    process.env.MONZO_ACCESS_TOKEN = 'tok';
    process.env.MONZO_CLIENT_ID = 'oauth2client_1';
    const error = configError(() => MonzoClient.fromEnv());
    expect(error.problems).toEqual(['MONZO_CLIENT_SECRET is missing: clientId and clientSecret go together']);
  });

  it('names a bad override by its option name', () => {
    process.env.MONZO_ACCESS_TOKEN = 'tok';
    process.env.MONZO_AUTH_URL = 'bad';
    const error = configError(() => MonzoClient.fromEnv({ apiUrl: 'also bad', timeoutMs: -5 }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('apiUrl must be an http(s) URL');
    expect(error.message).not.toContain('MONZO_API_URL');
    expect(error.message).toContain('MONZO_AUTH_URL must be an http(s) URL');
    expect(error.message).toContain('timeoutMs must be a positive number');
  });

  it('does not quote a secret in the error', () => {
    process.env.MONZO_ACCESS_TOKEN = 'tok-very-secret';
    process.env.MONZO_CLIENT_SECRET = 'client-very-secret';
    const error = configError(() => MonzoClient.fromEnv({ apiUrl: 'bad' }));
    expect(JSON.stringify({ message: error.message, problems: error.problems })).not.toMatch(/very-secret/);
  });
});
