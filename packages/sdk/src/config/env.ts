import { FileTokenStore } from '../auth/stores/file.js';
import type { MonzoClientOptions } from './options.js';

/** The environment variables `MonzoClient.fromEnv` reads, and the option each one sets. */
export const ENV_KEYS = {
  clientId: 'MONZO_CLIENT_ID',
  clientSecret: 'MONZO_CLIENT_SECRET',
  redirectUri: 'MONZO_REDIRECT_URI',
  accessToken: 'MONZO_ACCESS_TOKEN',
  apiUrl: 'MONZO_API_URL',
  authUrl: 'MONZO_AUTH_URL',
  tokenStore: 'MONZO_TOKEN_FILE',
  tokens: 'MONZO_REFRESH_TOKEN',
} as const satisfies Partial<Record<keyof MonzoClientOptions, string>>;

type Env = Record<string, string | undefined>;

/**
 * Loads `.env` from the working directory when there is one, with Node's own `process.loadEnvFile`; variables
 * already set win. On runtimes without it, nothing happens.
 */
export function loadDotEnv(path = '.env'): void {
  const proc = (globalThis as { process?: { loadEnvFile?: (path: string) => void } }).process;
  if (typeof proc?.loadEnvFile !== 'function') return;
  try {
    proc.loadEnvFile(path);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
}

/** Reads client options from `MONZO_*` variables. Empty values are kept, so that validation names them. */
export function optionsFromEnv(env: Env): MonzoClientOptions {
  const options: MonzoClientOptions = {};
  const set = <K extends keyof typeof ENV_KEYS>(key: K, apply: (value: string) => void) => {
    const value = env[ENV_KEYS[key]];
    if (value !== undefined) apply(value.trim());
  };
  set('apiUrl', (value) => (options.apiUrl = value));
  set('authUrl', (value) => (options.authUrl = value));
  set('clientId', (value) => (options.clientId = value));
  set('clientSecret', (value) => (options.clientSecret = value));
  set('redirectUri', (value) => (options.redirectUri = value));
  set('tokenStore', (value) => (options.tokenStore = new FileTokenStore(value)));
  const accessToken = env.MONZO_ACCESS_TOKEN?.trim();
  const refreshToken = env.MONZO_REFRESH_TOKEN?.trim();
  if (refreshToken !== undefined) {
    // With no access token, expiry 0 makes the first call refresh at once.
    options.tokens = accessToken
      ? { access_token: accessToken, refresh_token: refreshToken }
      : { access_token: '', refresh_token: refreshToken, expires_at: 0 };
  } else if (accessToken !== undefined) {
    options.accessToken = accessToken;
  }
  return options;
}

/** The variable a key came from, for error messages; option names for keys the caller passed. */
export function envLabel(overrides: MonzoClientOptions) {
  return (key: keyof MonzoClientOptions): string =>
    key in overrides || !(key in ENV_KEYS) ? key : ENV_KEYS[key as keyof typeof ENV_KEYS];
}
