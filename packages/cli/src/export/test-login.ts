/** A logged-in SDK client for an emulator, for the export's in-process tests. */
import { MonzoClient, type TokenSet } from 'monzo-ts';
import { type SignInTarget, signIn } from '../../test/harness.js';

/** Logs in to an auto-approving emulator (`url`, reached with `fetch`) as an app would, and returns a client. */
export async function clientFor(mock: SignInTarget): Promise<{ client: MonzoClient; tokens: TokenSet }> {
  const tokens = await signIn(mock);
  const client = new MonzoClient({
    apiUrl: mock.url,
    accessToken: tokens.access_token,
    ...(mock.fetch ? { fetch: mock.fetch } : {}),
  });
  return { client, tokens };
}
