import { Hono } from 'hono';
import {
  createAuthorizationRequest,
  exchangeCode,
  MonzoApprovalRequiredError,
  MonzoAuthenticationError,
  type MonzoClient,
  MonzoOAuthStateError,
} from 'monzo-ts';
import { createWebhookHandler, isTransactionCreated, type WebhookTransaction } from 'monzo-ts/webhooks';
import { accountsPage, homePage, messagePage } from './pages.js';
import { SessionStore } from './sessions.js';
import { type ClientSettings, Users } from './users.js';

/** What the app needs to know: its Monzo OAuth client, and where Monzo can reach it. */
export interface AppConfig extends ClientSettings {
  /** This app's /callback, exactly as registered with the OAuth client. */
  redirectUri: string;
  /** The app's public origin, to register its webhook with Monzo; no webhook is registered without it. */
  publicUrl?: string;
  /** A long random value: Monzo does not sign deliveries, so the registered URL carries this secret. */
  webhookSecret?: string;
}

const RECENT = 10;

/** The web app: log in with Monzo, see your accounts and balances, and live activity from Monzo's webhooks. */
export function createApp(config: AppConfig): Hono {
  const app = new Hono();
  const { clientId, clientSecret, apiUrl, authUrl, redirectUri } = config;
  const users = new Users({ clientId, clientSecret, apiUrl, authUrl });
  const sessions = new SessionStore(redirectUri.startsWith('https:'));
  const recent = new Map<string, WebhookTransaction[]>();
  const registered = new Set<string>();

  app.get('/', async (c) => {
    const session = await sessions.find(c);
    return session?.userId ? c.redirect('/account') : c.html(homePage());
  });

  app.get('/login', async (c) => {
    const session = await sessions.get(c);
    // A fresh, unguessable state per login, kept on the server: /callback accepts only the one sent here.
    const { url, state } = createAuthorizationRequest({ clientId, redirectUri, authUrl });
    session.oauthState = state;
    return c.redirect(url);
  });

  app.get('/callback', async (c) => {
    const session = await sessions.find(c);
    const expectedState = session?.oauthState;
    if (!session || !expectedState) {
      return c.html(
        messagePage('Login expired', 'This login was not started here, or is over. Log in again.'),
        400,
      );
    }
    // Spent whatever happens next: a replayed or forged callback finds no state to match.
    delete session.oauthState;
    if (c.req.query('error')) {
      return c.html(messagePage('Not logged in', 'Access to your Monzo account was not allowed.'), 403);
    }
    try {
      const tokens = await exchangeCode({
        clientId,
        clientSecret,
        redirectUri,
        apiUrl,
        code: c.req.query('code') ?? '',
        state: c.req.query('state') ?? '',
        expectedState,
      });
      session.userId = await users.add(tokens);
    } catch (error) {
      if (error instanceof MonzoOAuthStateError) {
        return c.html(
          messagePage('Login refused', 'This login did not come from this browser. Log in again.'),
          400,
        );
      }
      throw error;
    }
    return c.redirect('/account');
  });

  app.get('/account', async (c) => {
    const session = await sessions.find(c);
    const monzo = session?.userId ? users.client(session.userId) : undefined;
    if (!monzo) return c.redirect('/');
    try {
      const accounts = (await monzo.accounts.list()).filter((account) => !account.closed);
      if (config.publicUrl && config.webhookSecret) await registerWebhooks(monzo, accounts);
      const views = await Promise.all(
        accounts.map(async (account) => ({
          account,
          balance: await monzo.balance.get(account.id),
          recent: recent.get(account.id) ?? [],
        })),
      );
      return c.html(accountsPage(accounts[0]?.owners?.[0]?.preferred_first_name, views));
    } catch (error) {
      // Strong Customer Authentication: Monzo shows no account data until the user approves in the app.
      if (error instanceof MonzoApprovalRequiredError) {
        const message = 'Approve this login in your Monzo app, then reload this page.';
        return c.html(messagePage('Approve in the Monzo app', message), 403);
      }
      if (error instanceof MonzoAuthenticationError && error.loginRequired) {
        await sessions.end(c);
        return c.redirect('/');
      }
      throw error;
    }
  });

  app.post('/logout', async (c) => {
    const session = await sessions.find(c);
    if (session?.userId) await users.logout(session.userId);
    await sessions.end(c);
    return c.redirect('/');
  });

  if (config.webhookSecret) {
    const handler = createWebhookHandler({
      secret: config.webhookSecret,
      // Runs once per event, however often Monzo delivers it.
      onEvent: (event) => {
        if (!isTransactionCreated(event)) return;
        const list = recent.get(event.data.account_id) ?? [];
        recent.set(event.data.account_id, [event.data, ...list].slice(0, RECENT));
      },
      logger: console,
    });
    app.post('/webhooks/monzo', (c) => handler(c.req.raw));
  }

  /** Registers this app's webhook on each account once, unless Monzo already has it. */
  async function registerWebhooks(monzo: MonzoClient, accounts: Array<{ id: string }>): Promise<void> {
    const url = new URL('/webhooks/monzo', config.publicUrl);
    url.searchParams.set('secret', config.webhookSecret ?? '');
    for (const account of accounts) {
      if (registered.has(account.id)) continue;
      const existing = await monzo.webhooks.list(account.id);
      if (!existing.some((webhook) => webhook.url === url.href)) {
        await monzo.webhooks.create({ account_id: account.id, url: url.href });
      }
      registered.add(account.id);
    }
  }

  return app;
}
