import { bankRoutes } from '../bank/routes.js';
import { extrasRoutes } from '../extras/routes.js';
import { controlRoutes } from '../infra/control-routes.js';
import { oauthRoutes } from '../oauth/routes.js';
import type { World } from '../world.js';
import { ConnectionReset, errorResponse, MockHttpError } from './http.js';
import { fromRequest, type Incoming } from './incoming.js';
import { withRequestId } from './request-id.js';
import { type RouteContext, Router } from './router.js';

const router = new Router();
router.add(oauthRoutes);
router.add(bankRoutes);
router.add(extrasRoutes);
router.add(controlRoutes);

/** The reserved prefix of the control API, never a Monzo path. */
export const CONTROL_PREFIX = '/_mock';

/**
 * The emulator's core: one Monzo request in, one response out. Faults chosen for the route are applied around
 * the route (latency, a canned answer, a reset before or after the change is committed, a malformed body);
 * every failure becomes Monzo's error shape; a `ConnectionReset` is thrown for the transport to drop the line.
 */
export function createHandler(world: World): (request: Request) => Promise<Response> {
  const dispatch = createDispatcher(world);
  return (request) => dispatch(fromRequest(request));
}

/** The same core for an `Incoming`: what the socket server calls, so that a GET needs no Fetch `Request`. */
export function createDispatcher(world: World): (incoming: Incoming) => Promise<Response> {
  const answer = createAnswer(world);
  // Every response, errors and faults included, carries its id, as Monzo's do.
  return async (incoming) => withRequestId(await answer(incoming));
}

function createAnswer(world: World): (incoming: Incoming) => Promise<Response> {
  return async (incoming) => {
    const { url, method } = incoming;
    const match = router.match(method, url.pathname);
    const key = match.kind === 'route' ? match.route.key : `${method} ${url.pathname}`;
    const control = url.pathname.startsWith(CONTROL_PREFIX);
    // Steering the emulator is not traffic a test measures.
    if (!control) {
      world.counters.request(key);
      world.inFlight.enter();
    }
    const fault = control ? undefined : world.faults.take(method, url.pathname, key);
    try {
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault?.reset === 'before') throw new ConnectionReset(false);
      if (fault?.respond && !fault.commit) return fault.respond();
      if (!control) {
        try {
          world.rateLimiter.check(incoming.authorization ?? 'anonymous', world.clock.now());
        } catch (error) {
          // Its only error is the 429: counted, so that a test can see how hard its client pushed.
          world.counters.rateLimited(key);
          throw error;
        }
      }

      if (match.kind === 'none') {
        throw new MockHttpError(404, 'not_found', `No endpoint at ${method} ${url.pathname}`);
      }
      if (match.kind === 'wrong-method') {
        throw new MockHttpError(
          405,
          'method_not_allowed',
          `${method} is not allowed here; use ${match.allowed.join(', ')}`,
          {
            Allow: match.allowed.join(', '),
          },
        );
      }
      const { route, params } = match;
      const token =
        route.access === 'public'
          ? undefined
          : world.oauth.authenticate(incoming.authorization, route.access);
      const context: RouteContext = {
        world,
        get request() {
          return incoming.request();
        },
        url,
        params,
        token,
      };
      const response = await route.handle(context);

      if (fault?.reset === 'after') throw new ConnectionReset(true);
      if (fault?.respond) return fault.respond();
      if (fault?.malformed) return truncate(response);
      return response;
    } catch (error) {
      if (error instanceof ConnectionReset) throw error;
      if (error instanceof MockHttpError) return errorResponse(error);
      console.error('monzo-mock: internal error', error);
      return errorResponse(new MockHttpError(500, 'internal_service', 'An internal error occurred'));
    } finally {
      if (!control) world.inFlight.leave();
    }
  };
}

/** The first half of a response's body, with its status and headers: what a broken proxy might send. */
async function truncate(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(text.slice(0, Math.floor(text.length / 2)), { status: response.status, headers });
}
