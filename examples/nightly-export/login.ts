import { homedir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore, MonzoClient } from 'monzo-ts';

/**
 * A client on the login the `monzo` CLI keeps (`monzo login`), or on MONZO_TOKEN_FILE; the rest of the
 * settings from the environment (MONZO_CLIENT_ID, MONZO_CLIENT_SECRET, MONZO_API_URL…). Refreshed tokens are
 * saved back to the same file, so the job and the CLI keep sharing one login.
 */
export function clientFromSavedLogin(): MonzoClient {
  const configHome = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const tokenFile = process.env.MONZO_TOKEN_FILE || join(configHome, 'monzo', 'tokens.json');
  return MonzoClient.fromEnv({ tokenStore: new FileTokenStore(tokenFile) });
}
