import { refreshWith } from './auth/oauth.js';
import { MemoryTokenStore } from './auth/stores/memory.js';
import type { TokenStore } from './auth/stores/token-store.js';
import { TokenManager } from './auth/token-manager.js';
import { createTransport } from './config/defaults.js';
import { envLabel, loadDotEnv, optionsFromEnv } from './config/env.js';
import { assertValidOptions, type MonzoClientOptions } from './config/options.js';
import { anObject } from './core/shape.js';
import type { RequestOptions, Transport } from './core/transport.js';
import type { WhoAmI } from './models/whoami.js';
import { Accounts } from './resources/accounts.js';
import { Attachments } from './resources/attachments.js';
import { BalanceResource } from './resources/balance.js';
import { Feed } from './resources/feed.js';
import { Pots } from './resources/pots.js';
import { Receipts } from './resources/receipts.js';
import { Transactions } from './resources/transactions.js';
import { Webhooks } from './resources/webhooks.js';

/**
 * The Monzo API client. Tokens look after themselves: refreshed before they expire and after a 401, once for
 * any number of concurrent calls, and saved to the token store before use.
 *
 * @example
 * const monzo = MonzoClient.fromEnv();
 * const account = await monzo.accounts.findByType('uk_retail');
 * const { balance, currency } = await monzo.balance.get(account!.id);
 */
export class MonzoClient {
  readonly accounts: Accounts;
  readonly balance: BalanceResource;
  readonly pots: Pots;
  readonly transactions: Transactions;
  readonly feed: Feed;
  readonly attachments: Attachments;
  readonly receipts: Receipts;
  readonly webhooks: Webhooks;

  readonly #transport: Transport;
  readonly #tokens: TokenManager;
  readonly #store: TokenStore;

  /** Checks every option before any network call; a `MonzoConfigError` names all that is wrong. */
  constructor(options: MonzoClientOptions) {
    assertValidOptions(options);
    this.#store = options.tokenStore ?? new MemoryTokenStore();
    const { clientId, clientSecret } = options;
    const seed = options.tokens ?? (options.accessToken ? { access_token: options.accessToken } : undefined);
    const canRefresh =
      options.accessToken === undefined && clientId !== undefined && clientSecret !== undefined;
    const clientSecrets = clientSecret ? [clientSecret] : [];
    // The token endpoint takes no bearer token, so it has a pipeline of its own, with the same settings.
    const tokenTransport = createTransport(options, {
      secrets: () => [...clientSecrets, ...this.#tokens.secrets()],
    });
    this.#tokens = new TokenManager(
      this.#store,
      canRefresh
        ? (refreshToken) => refreshWith(tokenTransport, { clientId, clientSecret, refreshToken })
        : undefined,
      seed,
      Date.now,
      options.onTokensUnsaved,
    );
    this.#transport = createTransport(options, { tokens: this.#tokens, secrets: () => clientSecrets });

    this.accounts = new Accounts(this.#transport);
    this.balance = new BalanceResource(this.#transport);
    this.pots = new Pots(this.#transport);
    this.transactions = new Transactions(this.#transport);
    this.feed = new Feed(this.#transport);
    this.attachments = new Attachments(this.#transport);
    this.receipts = new Receipts(this.#transport);
    this.webhooks = new Webhooks(this.#transport);
  }

  /**
   * A client configured from `MONZO_*` environment variables (and `.env` in the working directory, when there
   * is one), with `overrides` on top.
   */
  static fromEnv(overrides: MonzoClientOptions = {}): MonzoClient {
    loadDotEnv();
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
    const given = Object.fromEntries(
      Object.entries(overrides).filter(([, value]) => value !== undefined),
    ) as MonzoClientOptions;
    const fromEnvironment = optionsFromEnv(env);
    // Credentials passed in code replace the environment's, rather than clash with them.
    if (given.tokens || given.tokenStore) delete fromEnvironment.accessToken;
    if (given.accessToken) {
      delete fromEnvironment.tokens;
      delete fromEnvironment.tokenStore;
    }
    const options = { ...fromEnvironment, ...given };
    assertValidOptions(options, envLabel(given));
    return new MonzoClient(options);
  }

  /** Who the token belongs to. Works before the login is approved in the app. */
  whoami(options?: RequestOptions): Promise<WhoAmI> {
    return this.#transport.request<WhoAmI>({
      ...options,
      method: 'GET',
      path: '/ping/whoami',
      shape: anObject,
    });
  }

  /** Revokes the access token at Monzo and clears the token store: the user must log in again. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.#transport.request({
      ...options,
      method: 'POST',
      path: '/oauth2/logout',
      idempotent: true,
      ifUnknown: { advice: 'Logging out again is safe: a token already revoked is refused with a 401.' },
    });
    this.#tokens.forget();
    await this.#store.clear();
  }
}
