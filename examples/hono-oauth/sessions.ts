import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';

/** What the app remembers about one browser between requests. */
export interface Session {
  /** The OAuth state of the login in progress: set by /login, spent by /callback. */
  oauthState?: string;
  /** The Monzo user this browser is logged in as. */
  userId?: string;
}

const COOKIE = 'sid';

/**
 * Sessions kept on the server, found by a random id in a signed, HTTP-only cookie: the OAuth state and the user
 * never reach the browser, so no script in the page can read or change them. In memory, so they end with the
 * process; behind a load balancer, keep them in Redis or a database instead.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  // The sessions die with this process, so a signing key that dies with it loses nothing.
  readonly #key = randomBytes(32).toString('hex');

  /** @param secure sends the cookie over HTTPS only; true whenever the app is served over HTTPS. */
  constructor(private readonly secure: boolean) {}

  /** This browser's session, started (and its cookie set) when it has none. */
  async get(c: Context): Promise<Session> {
    const existing = await this.find(c);
    if (existing) return existing;
    const id = randomBytes(24).toString('base64url');
    const session: Session = {};
    this.#sessions.set(id, session);
    // Lax, not Strict: the browser must send it on the redirect back from Monzo's login page, a top-level
    // navigation from another site, or /callback would never find the login's state.
    await setSignedCookie(c, COOKIE, id, this.#key, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: this.secure,
      path: '/',
    });
    return session;
  }

  /** This browser's session, or undefined: a missing, forged or forgotten cookie starts nothing. */
  async find(c: Context): Promise<Session | undefined> {
    const id = await getSignedCookie(c, this.#key, COOKIE);
    return id ? this.#sessions.get(id) : undefined;
  }

  /** Ends this browser's session: the next request starts from nothing. */
  async end(c: Context): Promise<void> {
    const id = await getSignedCookie(c, this.#key, COOKIE);
    if (id) this.#sessions.delete(id);
    deleteCookie(c, COOKIE, { path: '/', secure: this.secure });
  }
}
