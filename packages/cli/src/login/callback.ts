import { MonzoOAuthStateError, MonzoValidationError, type TokenSet } from 'monzo-ts';
import { CliError, explain } from '../errors.js';
import { type Page, pages } from './pages.js';

/** What became of the callback: tokens, or a refusal to show in the browser and on the terminal. */
export type CallbackOutcome = { ok: true; tokens: TokenSet } | { ok: false; page: Page; error: CliError };

/** The code and state of the callback in, tokens out: `exchangeCode`, which checks the state before any call. */
export type Exchange = (callback: { code: string; state: string }) => Promise<TokenSet>;

/**
 * Decides on Monzo's redirect: an `error` parameter (the person chose Deny), a state that is not this login's
 * (forged or stale), a missing code or a failed exchange are refused, each explained; nothing is stored then.
 */
export async function completeCallback(
  params: URLSearchParams,
  exchange: Exchange,
): Promise<CallbackOutcome> {
  const error = params.get('error');
  if (error !== null) {
    const shown = printable(error) || 'an unnamed error';
    const reason =
      error === 'access_denied'
        ? 'access was denied on the Monzo login page'
        : `Monzo did not log you in (${shown}${describe(params)})`;
    return refuse(
      pages.denied(shown),
      `${reason}; nothing was saved`,
      'run `monzo login` again and choose Allow',
    );
  }
  try {
    const tokens = await exchange({ code: params.get('code') ?? '', state: params.get('state') ?? '' });
    return { ok: true, tokens };
  } catch (failure) {
    if (failure instanceof MonzoOAuthStateError) {
      return refuse(
        pages.wrongState(),
        'refused a login callback whose state does not match this login (forged or stale); nothing was saved',
        'run `monzo login` again and finish it in the page it opens',
      );
    }
    if (failure instanceof MonzoValidationError && failure.field === 'code') {
      return refuse(
        pages.noCode(),
        'the login callback carried no code; nothing was saved',
        'run `monzo login` again',
      );
    }
    const { reason } = explain(failure);
    return refuse(
      pages.failed(reason),
      `could not exchange the login code for tokens: ${reason}; nothing was saved`,
      'run `monzo login` again',
    );
  }
}

function refuse(page: Page, reason: string, hint: string): CallbackOutcome {
  return { ok: false, page, error: new CliError(reason, hint) };
}

/** The `error_description`, when there is one, made safe to print. */
function describe(params: URLSearchParams): string {
  const text = printable(params.get('error_description') ?? '');
  return text ? `: ${text}` : '';
}

/**
 * Anyone can send a request to the callback: what it says reaches the terminal only as short, plain text, with
 * no escape sequences to repaint the screen.
 */
export function printable(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 120)
    .trim();
}
