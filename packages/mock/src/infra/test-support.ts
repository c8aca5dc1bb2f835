/** Helpers for the infra tests: an SDK client logged in to the emulator, in process or over a socket. */
import { MonzoClient } from 'monzo-ts';
import { type SignInTarget, signIn } from '../sign-in.js';

export { IN_PROCESS_URL as IN_PROCESS } from '../sign-in.js';

/** An SDK client logged in to the emulator (retrying as configured), and the same login's bearer header. */
export async function sdkClient(
  target: SignInTarget,
  url: string,
  maxRetries?: number,
): Promise<{ monzo: MonzoClient; headers: Record<string, string> }> {
  const tokens = await signIn({ ...target, url });
  const monzo = new MonzoClient({
    apiUrl: url,
    authUrl: url,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    tokens,
    ...(target.fetch ? { fetch: target.fetch } : {}),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
  return { monzo, headers: { Authorization: `Bearer ${tokens.access_token}` } };
}
