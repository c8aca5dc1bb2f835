import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CliError } from '../errors.js';
import { type Page, pages, renderPage } from './pages.js';
import { type CallbackTarget, seconds } from './redirect.js';

/** The one request that counts: Monzo's redirect carrying this login's state, and the page to answer it with. */
export interface CallbackRequest {
  params: URLSearchParams;
  reply(page: Page): void;
}

export interface CallbackServer {
  /**
   * The first GET to the callback path that carries this login's state; rejects with a `CliError` when none
   * comes within `timeoutMs`.
   */
  next(timeoutMs: number): Promise<CallbackRequest>;
  /** Stops listening and drops open connections (browsers keep them alive). */
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  /** The login's `state`: only a callback carrying it may end the login. */
  state: string;
  /** This login's callback again, after the first: it is refused, and the terminal says so. */
  onRepeat?: () => void;
  /** A request to the callback without this login's state: refused, and the login keeps waiting. */
  onStray?: () => void;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The page's URL holds the authorization code: never cache it, never send it on as a referrer.
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-frame-options': 'DENY',
};

/**
 * A one-shot HTTP server on loopback for the login callback. Only the first GET to the callback path that
 * carries this login's state counts; later ones get a page saying the login is already used. Anything else
 * does not count and is refused: a callback without this login's state (any local process, or a web page's
 * `<img>`, can send one), another method, another path (a browser's `/favicon.ico`), a Host that is not the
 * redirect URI's (DNS rebinding), a request target that is not a path. The login waits on for its own.
 */
export async function startCallbackServer(
  target: CallbackTarget,
  options: CallbackServerOptions,
): Promise<CallbackServer> {
  let received = false;
  let deliver: (request: CallbackRequest) => void = () => {};
  const first = new Promise<CallbackRequest>((resolve) => {
    deliver = resolve;
  });

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const send = (page: Page, extra: Record<string, string> = {}) => {
      if (response.headersSent) return;
      const body = request.method === 'HEAD' ? undefined : renderPage(page);
      response.writeHead(page.status, { ...HEADERS, ...extra }).end(body);
    };
    const url = originForm(request.url);
    if (!url) return send(pages.badRequest());
    if ((request.headers.host ?? '').toLowerCase() !== target.url.host) return send(pages.wrongHost());
    if (url.pathname !== target.path) return send(pages.notFound());
    // Monzo sends the browser back with a GET; a HEAD or a form's POST is never the callback.
    if (request.method !== 'GET') return send(pages.wrongMethod(), { allow: 'GET' });
    const states = url.searchParams.getAll('state');
    const ours = states.length === 1 && sameSecret(states[0] as string, options.state);
    if (received) {
      send(pages.repeated());
      // Only this login's own callback again is worth a line: anyone could flood the terminal with the rest.
      if (ours) options.onRepeat?.();
      return;
    }
    if (!ours) {
      send(pages.stray());
      options.onStray?.();
      return;
    }
    received = true;
    deliver({ params: url.searchParams, reply: send });
  };
  // A throw in a request listener would be uncaught and end `monzo login`: no request may do that.
  const guarded = (request: IncomingMessage, response: ServerResponse) => {
    try {
      handle(request, response);
    } catch {
      if (!response.headersSent) response.writeHead(400, HEADERS).end(renderPage(pages.badRequest()));
    }
  };

  const servers: Server[] = [];
  for (const [index, address] of target.addresses.entries()) {
    const server = createServer(guarded);
    try {
      await listen(server, address, target.port);
      servers.push(server);
    } catch (error) {
      // The first address is the redirect URI's own; the others (::1 for localhost) are a convenience.
      if (index > 0) continue;
      await Promise.all(servers.map(stop));
      throw listenError(error, target);
    }
  }

  return {
    next(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new CliError(
              `no answer from the browser within ${seconds(timeoutMs)}; nothing was saved`,
              'run `monzo login` again and finish the login in the page it opens (or raise --timeout)',
            ),
          );
        }, timeoutMs);
      });
      return Promise.race([first, timeout]).finally(() => clearTimeout(timer));
    },
    close: async () => {
      await Promise.all(servers.map(stop));
    },
  };
}

/**
 * The request target as a URL, when it is a path (origin-form), the only form a browser sends to a server;
 * undefined for anything else (`*`, absolute-form, which would name a host of the sender's choosing) and for
 * what is no URL path at all (`//[`, on which `new URL` throws).
 */
function originForm(target: string | undefined): URL | undefined {
  // `//host/path` would name a host too: no path of ours starts with an empty segment.
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  const base = 'http://callback.invalid';
  if (!URL.canParse(target, base)) return undefined;
  const url = new URL(target, base);
  return url.origin === base ? url : undefined;
}

/** Compares a state without stopping at the first difference: the time taken tells nothing of the state. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function listenError(error: unknown, target: CallbackTarget): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = target.url.host;
  if (code === 'EADDRINUSE') {
    return new CliError(
      `${where} is already in use, so the login callback cannot be received there`,
      'stop what listens there (another `monzo login`?), or use another port in MONZO_REDIRECT_URI (registered for your client)',
    );
  }
  if (code === 'EACCES') {
    return new CliError(
      `not allowed to listen on ${where} (ports below 1024 need privileges)`,
      'use a port above 1024 in MONZO_REDIRECT_URI, e.g. http://127.0.0.1:8080/callback',
    );
  }
  return new CliError(`cannot listen on ${where} for the login callback: ${(error as Error).message}`);
}
