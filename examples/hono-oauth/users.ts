import { MemoryTokenStore, MonzoClient, type TokenSet, type TokenStore } from 'monzo-ts';

/** What every user's client shares: the app's OAuth client and Monzo's addresses. */
export interface ClientSettings {
  clientId: string;
  clientSecret: string;
  apiUrl?: string;
  authUrl?: string;
}

/**
 * One `MonzoClient` per logged-in Monzo user, each with a token store of its own, so that one user's refresh
 * never touches another's tokens.
 */
export class Users {
  readonly #clients = new Map<string, MonzoClient>();

  constructor(private readonly settings: ClientSettings) {}

  /** Keeps a new login's tokens; resolves to the Monzo user id it belongs to. */
  async add(tokens: TokenSet): Promise<string> {
    // In memory, so logins end with the process. To keep them across restarts and processes, give each user a
    // FileTokenStore of their own, or @monzo-ts/redis's RedisTokenStore with a key per user.
    const tokenStore: TokenStore = new MemoryTokenStore(tokens);
    const client = new MonzoClient({ ...this.settings, tokenStore });
    const userId = tokens.user_id ?? (await client.whoami()).user_id;
    this.#clients.set(userId, client);
    return userId;
  }

  /** The client of a logged-in user, or undefined once they logged out (or the app restarted). */
  client(userId: string): MonzoClient | undefined {
    return this.#clients.get(userId);
  }

  /** Revokes the user's login at Monzo and forgets their tokens. */
  async logout(userId: string): Promise<void> {
    const client = this.#clients.get(userId);
    this.#clients.delete(userId);
    await client?.logout();
  }
}
