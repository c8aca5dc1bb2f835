import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CliError } from '../errors.js';
import { type Page, pages, renderPage } from './pages.js';
import { type CallbackTarget, seconds } from './redirect.js';

/** The one request that counts: Monzo's redirect, with the query to check, and the page to answer it with. */
export interface CallbackRequest {
  params: URLSearchParams;
  reply(page: Page): void;
}

export interface CallbackServer {
  /** The first request to the callback path; rejects with a `CliError` when none comes within `timeoutMs`. */
  next(timeoutMs: number): Promise<CallbackRequest>;
  /** Stops listening and drops open connections (browsers keep them alive). */
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  /** A request to the callback after the first: it is refused, and the terminal says so. */
  onRepeat?: () => void;
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
 * A one-shot HTTP server on loopback for the login callback. Only the first GET to the callback path counts;
 * later ones get a page saying the login is already used. Other paths (a browser's `/favicon.ico`) get a 404 and
 * do not count, nor do requests whose Host is not the redirect URI's (DNS rebinding).
 */
export async function startCallbackServer(
  target: CallbackTarget,
  options: CallbackServerOptions = {},
): Promise<CallbackServer> {
  let received = false;
  let deliver: (request: CallbackRequest) => void = () => {};
  const first = new Promise<CallbackRequest>((resolve) => {
    deliver = resolve;
  });

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const send = (page: Page) => {
      if (response.headersSent) return;
      response.writeHead(page.status, HEADERS).end(request.method === 'HEAD' ? undefined : renderPage(page));
    };
    const url = new URL(request.url ?? '/', target.url);
    if ((request.headers.host ?? '').toLowerCase() !== target.url.host) return send(pages.wrongHost());
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send({ ...pages.notFound(), status: 405 });
    if (url.pathname !== target.path) return send(pages.notFound());
    if (received) {
      send(pages.repeated());
      options.onRepeat?.();
      return;
    }
    received = true;
    deliver({ params: url.searchParams, reply: send });
  };

  const servers: Server[] = [];
  for (const [index, address] of target.addresses.entries()) {
    const server = createServer(handle);
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
