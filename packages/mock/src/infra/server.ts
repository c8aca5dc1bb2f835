import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl, type MockControl } from '../control.js';
import { createDispatcher } from '../core/handle.js';
import { ConnectionReset, MockHttpError } from '../core/http.js';
import type { MockOptions } from '../options.js';
import { World } from '../world.js';
import { answerClientError, answerConnect, sendResponse, toIncoming, transportError } from './node-bridge.js';

/** The emulator's options, and where to listen. */
export interface StartMockServerOptions extends MockOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The address to bind; default 127.0.0.1, so that nothing outside the machine can reach it. */
  host?: string;
}

/** A running emulator: what `startMockServer` returns. */
export interface MockServer {
  /** The base URL, e.g. `http://127.0.0.1:53121`: both `MONZO_API_URL` and `MONZO_AUTH_URL`. */
  url: string;
  /** The OAuth client that may log in. */
  clientId: string;
  /** That client's secret. */
  clientSecret: string;
  /** Steers the emulator; each method also has an HTTP twin under `/_mock/`. */
  control: MockControl;
  /** Stops webhook retries, closes every connection (idle or busy) and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the emulator on a real socket, for clients in other processes or languages and for tests that want
 * the whole HTTP path. One per test file is cheap: it starts in milliseconds.
 *
 * @example
 * const mock = await startMockServer({ autoApprove: true });
 * // MONZO_API_URL=mock.url MONZO_AUTH_URL=mock.url …
 * await mock.close();
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', ...mockOptions } = options;
  return serveWorld(new World(mockOptions), port, host);
}

/**
 * Serves a world already made on a socket: what `startMockServer` does with a new one. For tests that read the
 * emulator's state beyond what the API and the control show (the feed items, which Monzo cannot list).
 */
export async function serveWorld(world: World, port = 0, host = '127.0.0.1'): Promise<MockServer> {
  const dispatch = createDispatcher(world);
  let baseUrl = '';

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let response: Response;
    try {
      response = await dispatch(toIncoming(req, baseUrl));
    } catch (error) {
      if (error instanceof ConnectionReset) {
        // A real reset (RST), so that clients see ECONNRESET as they would from a dropped connection.
        req.socket.resetAndDestroy();
        return;
      }
      response =
        error instanceof MockHttpError
          ? transportError(error.status, error.code, error.message)
          : transportError(500, 'internal_service', 'An internal error occurred');
    }
    if (res.destroyed) return;
    await sendResponse(res, response, !req.complete);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error('monzo-mock: failed to answer', error);
      res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${urlHost(address.address)}:${address.port}`;
  // Upload URLs and the like must name the address clients actually reach.
  world.options.baseUrl = baseUrl;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    clientId: world.options.client.clientId,
    clientSecret: world.options.client.clientSecret,
    control: createControl(world),
    close() {
      closing ??= new Promise<void>((resolve) => {
        world.extras.stop();
        server.close(() => resolve());
        // Idle keep-alive connections and busy ones alike: close() must not wait for clients to hang up.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The host part of a URL for a bound address: a wildcard is reached through loopback, IPv6 goes in brackets. */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}
