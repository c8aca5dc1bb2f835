/**
 * Run as a child process by the crash-safe rotation test: one call with tokens that need a refresh, through
 * the SDK's source and a FileTokenStore. The test's server kills this process mid-call.
 * Usage: node --import tsx refresh-child.ts <apiUrl> <tokenFile>
 */
import { FileTokenStore } from '../../src/auth/stores/file.js';
import { MonzoClient } from '../../src/client.js';
import { CLIENT_ID, CLIENT_SECRET } from './token-server.js';

const [apiUrl, tokenFile] = process.argv.slice(2);
if (!apiUrl || !tokenFile) throw new Error('usage: refresh-child.ts <apiUrl> <tokenFile>');

const monzo = new MonzoClient({
  apiUrl,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  tokenStore: new FileTokenStore(tokenFile),
});
await monzo.whoami();
// Reaching here means the server did not kill us: the test reads this as a failure.
process.stdout.write('completed\n');
