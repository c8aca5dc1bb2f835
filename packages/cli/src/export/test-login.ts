/** A logged-in SDK client for an emulator, for the export's in-process tests. */
import { IN_PROCESS_URL, type MockMonzo, type MockServer, signIn } from '@monzo-ts/mock';
import { MonzoClient, type TokenSet } from 'monzo-ts';

/** Logs in to an emulator (in process, or over a socket) as an app would, and returns a client. */
export async function clientFor(
  mock: MockMonzo | MockServer,
): Promise<{ client: MonzoClient; tokens: TokenSet }> {
  const tokens = await signIn(mock);
  const client = new MonzoClient({
    apiUrl: 'url' in mock ? mock.url : IN_PROCESS_URL,
    accessToken: tokens.access_token,
    ...('url' in mock ? {} : { fetch: mock.fetch }),
  });
  return { client, tokens };
}
