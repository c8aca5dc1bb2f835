import {
  MonzoAuthenticationError,
  MonzoBadRequestError,
  MonzoConnectionError,
  type MonzoError,
  MonzoNotFoundError,
  MonzoPermissionError,
  MonzoResponseParseError,
  MonzoServerError,
  MonzoTokenStoreError,
} from 'monzo-ts';

const CHECK_API_URL = 'check --api-url (or MONZO_API_URL): it does not answer as Monzo’s API does';

/** Where each kind of object is listed, by the first part of its API path (`/pots/pot_1/deposit`). */
const LISTED_BY: Record<string, string> = {
  transactions: '`monzo transactions` (or `monzo transactions --json` for the ids) lists the transactions',
  pots: '`monzo pots` lists the pots of the account (pass --account for another)',
  webhooks: '`monzo webhooks list` lists the webhooks and their ids',
};

/**
 * What to do next after an SDK error that the common cases (login, approval, rate limit, outcome unknown…) do
 * not cover: every failure names a next step. Undefined when there is nothing better than the message itself.
 */
export function nextStepFor(error: MonzoError, help: string | undefined): string | undefined {
  if (error instanceof MonzoNotFoundError) return notFound(error);
  if (error instanceof MonzoConnectionError) {
    return error.outcomeUnknown
      ? 'check your connection (or --api-url), then retry'
      : 'nothing reached Monzo: check your connection and --api-url (or MONZO_API_URL), then retry';
  }
  if (error instanceof MonzoPermissionError) {
    return 'this login may not have that permission: run `monzo login` again and approve it in the Monzo app';
  }
  if (error instanceof MonzoAuthenticationError) return 'run `monzo login`';
  if (error instanceof MonzoBadRequestError)
    return `check what was given (see \`${help ?? 'monzo --help'}\`)`;
  if (error instanceof MonzoServerError) return 'Monzo had a problem: wait a little, then retry';
  if (error instanceof MonzoResponseParseError) return CHECK_API_URL;
  if (error instanceof MonzoTokenStoreError) {
    return 'fix the token file (MONZO_TOKEN_FILE, or tokens.json in the config directory), then run `monzo login`';
  }
  return undefined;
}

/**
 * A 404 on an object's path (`/pots/pot_x/deposit`) means the id names nothing: the listing shows the ones there
 * are. One on a path without an id (`/accounts`) means the server has no such endpoint: not Monzo's API.
 */
function notFound(error: MonzoNotFoundError): string {
  const [, kind, id] = error.request?.path.split('?')[0]?.split('/') ?? [];
  const listing = kind !== undefined && id ? LISTED_BY[kind] : undefined;
  return listing ? `check the id: ${listing}` : CHECK_API_URL;
}
