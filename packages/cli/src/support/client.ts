import { join } from 'node:path';
import { type Account, FileTokenStore, type Logger, MonzoClient, type MonzoTokenStoreError } from 'monzo-ts';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { colorsFor } from '../output/output.js';
import { plainLines } from '../output/plain.js';
import type { GlobalOptions } from './globals.js';
import { checkUrlSetting } from './url-setting.js';

/** Where the login is kept: `MONZO_TOKEN_FILE`, else `tokens.json` in the config directory (mode 0600). */
export function tokenFile(context: CliContext): string {
  return context.terminal.env.MONZO_TOKEN_FILE || join(context.paths.config, 'tokens.json');
}

/**
 * Fails unless the token file can take a login now (its folder writable, space on its disk), before anything
 * single-use is spent on one: the code of a login, or a refresh token.
 */
export async function assertTokenFileWritable(context: CliContext): Promise<void> {
  const file = tokenFile(context);
  try {
    await (await new FileTokenStore(file).prepare()).discard();
  } catch (error) {
    throw new CliError(
      `cannot save a login in ${file}: ${(error as Error).message}`,
      'fix that (or set MONZO_TOKEN_FILE to a file you can write), then run `monzo login`',
    );
  }
}

/**
 * API and login settings: flags first, then the `MONZO_*` environment (which `.env` fills in). A URL that cannot
 * be used is refused here, naming the flag or the variable it came from.
 */
export function settings(context: CliContext, globals: GlobalOptions) {
  const { env } = context.terminal;
  return {
    apiUrl: urlSetting(globals.apiUrl, '--api-url', env, 'MONZO_API_URL', 'https://api.monzo.com'),
    authUrl: urlSetting(globals.authUrl, '--auth-url', env, 'MONZO_AUTH_URL', 'https://auth.monzo.com'),
    clientId: env.MONZO_CLIENT_ID || undefined,
    clientSecret: env.MONZO_CLIENT_SECRET || undefined,
    redirectUri: env.MONZO_REDIRECT_URI || 'http://127.0.0.1:8080/callback',
  };
}

function urlSetting(
  flag: string | undefined,
  flagName: string,
  env: Record<string, string | undefined>,
  variable: string,
  fallback: string,
): string {
  if (flag !== undefined) {
    return checkUrlSetting(flag, {
      name: flagName,
      fix: `give ${flagName} an http(s) URL, such as ${fallback}`,
    });
  }
  const value = env[variable];
  if (value === undefined) return fallback;
  return checkUrlSetting(value, {
    name: `${variable} (environment or .env)`,
    fix: `fix ${variable} or unset it (then ${fallback} is used), or pass ${flagName}`,
  });
}

/**
 * A client for the stored login (refreshing and saving its tokens itself), or for `MONZO_ACCESS_TOKEN` used as
 * is when no login is stored.
 */
export async function connect(context: CliContext, globals: GlobalOptions): Promise<MonzoClient> {
  const { apiUrl, authUrl, clientId, clientSecret } = settings(context, globals);
  const logger = globals.verbose ? verboseLogger(context) : undefined;
  const common = {
    apiUrl,
    authUrl,
    ...(logger ? { logger } : {}),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  };
  const store = new FileTokenStore(tokenFile(context));
  if (await store.get()) {
    const credentials = clientId && clientSecret ? { clientId, clientSecret } : {};
    tokenSources.set(context, 'login');
    return new MonzoClient({
      ...common,
      ...credentials,
      tokenStore: store,
      onTokensUnsaved: (error) => warnUnsaved(context, error),
    });
  }
  const accessToken = context.terminal.env.MONZO_ACCESS_TOKEN;
  if (accessToken) {
    tokenSources.set(context, 'environment');
    return new MonzoClient({ ...common, accessToken });
  }
  throw new CliError('not logged in', 'run `monzo login`');
}

/** Where the token a command used came from: the stored login, or `MONZO_ACCESS_TOKEN`. */
export type TokenSource = 'login' | 'environment';
const tokenSources = new WeakMap<CliContext, TokenSource>();

/** The source of the token `connect` chose for this context, so that a refusal can name it. */
export function tokenSourceOf(context: CliContext): TokenSource | undefined {
  return tokenSources.get(context);
}

/**
 * The login was refreshed (its old refresh token is spent) but could not be saved: the command goes on with it,
 * and the person learns, before the login is lost with this process, what to fix and that `monzo login` is next.
 */
function warnUnsaved(context: CliContext, error: MonzoTokenStoreError): void {
  const colors = colorsFor(context, 'stderr');
  context.terminal.stderr.write(`${colors.yellow('warning:')} ${plainLines(error.message)}\n`);
  context.terminal.stderr.write(
    `${colors.dim('→')} this command goes on with the new login, which is lost when it ends: fix that, then run \`monzo login\`\n`,
  );
}

/** `--verbose`: one line per HTTP attempt on stderr. The SDK's log events carry no token or body. */
function verboseLogger(context: CliContext): Logger {
  return { debug: (message) => context.terminal.stderr.write(`${plainLines(message)}\n`) };
}

/** Where accounts are listed: a `MonzoClient`, or the local history (`--offline`). */
export interface AccountSource {
  accounts: { list(): Promise<Account[]> };
}

/**
 * The account a command works on: `--account` as an id or a type, else the open personal (`uk_retail`) account.
 */
export async function resolveAccount(client: AccountSource, flag: string | undefined): Promise<Account> {
  const accounts = await client.accounts.list();
  const open = accounts.filter((account) => !account.closed);
  if (flag === undefined) {
    const personal = open.find((account) => account.type === 'uk_retail');
    if (!personal)
      throw new CliError('there is no open personal account', 'pass --account ID or --account TYPE');
    return personal;
  }
  const match = flag.startsWith('acc_')
    ? accounts.find((account) => account.id === flag)
    : open.find((account) => account.type === flag);
  if (!match) {
    const known = open.map((account) => `${account.id} (${account.type})`).join(', ') || 'none';
    // A type names no open account but a closed one: say so, rather than that nothing matches.
    const closed = accounts.find((account) => account.closed && account.type === flag);
    if (closed) {
      throw new UsageError(`the ${flag} account ${closed.id} is closed; open accounts: ${known}`);
    }
    throw new UsageError(`no account matches --account ${flag}; open accounts: ${known}`);
  }
  return match;
}
