import { inspect } from 'node:util';
import type { ExchangeCodeParams } from '../../src/auth/oauth.js';

/** Recognisable secret values: any of them found in an error or a log line is a leak. */
export const SECRET = {
  accessToken: 'at_SECRET_ACCESS_0001_7fG2kLq9ZxV4',
  rotatedAccessToken: 'at_SECRET_ACCESS_0002_Hq3mNc8TyW1e',
  refreshToken: 'rt_SECRET_REFRESH_0001_pL5sDv2KjR8u',
  rotatedRefreshToken: 'rt_SECRET_REFRESH_0002_Bn7xQw4ZcE6y',
  clientSecret: 'cs_SECRET_CLIENT_0001_Mt9gHr3VfJ2a',
  code: 'code_SECRET_0001_Ye6pKd1WsN5b',
} as const;

export const SECRET_VALUES: readonly string[] = Object.values(SECRET);

/** A token response carrying the rotated secrets, as Monzo's `/oauth2/token` answers (monzo-api.md §3.4). */
export function rotatedTokenResponse() {
  return {
    access_token: SECRET.rotatedAccessToken,
    client_id: 'oauth2client_00009abc',
    expires_in: 21600,
    refresh_token: SECRET.rotatedRefreshToken,
    token_type: 'Bearer',
    user_id: 'user_00009238aMBIIrS5Rdncq9',
  };
}

/** An error as it most often reaches a log: String(), JSON.stringify, util.inspect and its stack. */
export function commonRenderings(error: unknown): Array<string | undefined> {
  return [String(error), JSON.stringify(error), inspect(error, { depth: 5 }), (error as Error).stack];
}

/** `exchangeCode` parameters carrying the secret code and client secret, with a matching state and no retries. */
export function exchangeParams(extra: Partial<ExchangeCodeParams> = {}): ExchangeCodeParams {
  return {
    code: SECRET.code,
    state: 'state_abc123',
    expectedState: 'state_abc123',
    clientId: 'oauth2client_00009abc',
    clientSecret: SECRET.clientSecret,
    redirectUri: 'http://127.0.0.1:8080/callback',
    maxRetries: 0,
    ...extra,
  };
}

/** Every way a developer (or their error reporter) might turn a value into text. */
function renderings(value: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['String()', safe(() => String(value))],
    ['JSON.stringify', safe(() => JSON.stringify(value) ?? '')],
    ['util.inspect', inspect(value, { depth: 10, showHidden: true })],
  ];
  if (value instanceof Error) {
    out.push(['message', value.message], ['stack', value.stack ?? '']);
  }
  return out;
}

function safe(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `<unrenderable: ${(error as Error).message}>`;
  }
}

/**
 * Where a secret shows in `value` and, for an error, in its `cause` chain (and an AggregateError's `errors`):
 * a list like `["cause.message: rt_SECRET_…"]`, empty when nothing leaks.
 */
export function findSecrets(value: unknown, secrets: readonly string[] = SECRET_VALUES): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (current: unknown, where: string, depth: number) => {
    if (seen.has(current) || depth > 8) return;
    seen.add(current);
    for (const [how, text] of renderings(current)) {
      for (const secret of secrets) if (text.includes(secret)) found.push(`${where}${how}: ${secret}`);
    }
    if (current instanceof Error) {
      if (current.cause !== undefined) visit(current.cause, `${where}cause.`, depth + 1);
      if (current instanceof AggregateError) {
        for (const [index, inner] of current.errors.entries()) {
          visit(inner, `${where}errors[${index}].`, depth + 1);
        }
      }
    }
  };
  visit(value, '', 0);
  return found;
}

/** The error a promise rejects with (or a function throws); fails the test when there is none. */
export async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but the call succeeded');
}
