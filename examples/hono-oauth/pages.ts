import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type Account, type Balance, formatAmount } from 'monzo-ts';
import type { WebhookTransaction } from 'monzo-ts/webhooks';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// `html` escapes every interpolated value, so names and descriptions from Monzo cannot inject markup.
function layout(title: string, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}

/** The home page of a visitor who is not logged in. */
export function homePage(): Html {
  return layout('Monzo example', html`<h1>Monzo example</h1><p><a href="/login">Log in with Monzo</a></p>`);
}

/** A page that says what went wrong and what to do next. */
export function messagePage(title: string, message: string): Html {
  return layout(title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back</a></p>`);
}

/** An open account, its balance, and what its webhooks told us lately. */
export interface AccountView {
  account: Account;
  balance: Balance;
  recent: readonly WebhookTransaction[];
}

const ACCOUNT_NAMES: Record<string, string> = {
  uk_retail: 'Personal account',
  uk_retail_joint: 'Joint account',
};

/** The logged-in user's accounts and balances. */
export function accountsPage(name: string | undefined, views: AccountView[]): Html {
  const sections = views.map(
    ({ account, balance, recent }) => html`<section>
      <h2>${ACCOUNT_NAMES[account.type ?? ''] ?? account.type ?? account.id}</h2>
      <p>Balance: <strong>${formatAmount(balance.balance, balance.currency)}</strong></p>
      <p>Total with pots: ${formatAmount(balance.total_balance, balance.currency)}</p>
      <h3>Live activity</h3>
      <ul>
        ${recent.map((tx) => html`<li>${tx.description}: ${formatAmount(tx.amount, tx.currency)}</li>`)}
      </ul>
    </section>`,
  );
  return layout(
    'Your Monzo accounts',
    html`<h1>Hello${name ? `, ${name}` : ''}</h1>
      ${sections}
      <form method="post" action="/logout"><button>Log out</button></form>`,
  );
}
