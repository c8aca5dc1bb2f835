import type { World } from '../world.js';

/**
 * Who may call a route: anyone (`public`: the login page, the token endpoint, the control API), any valid access
 * token (`token`: whoami, logout), or a token the user approved in the app (`approved`: account data).
 */
export type Access = 'public' | 'token' | 'approved';

/** What a route gets: the world, the request, the path's `:params`, and the caller's token when it needs one. */
export interface RouteContext {
  world: World;
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** Present on `token` and `approved` routes. */
  token: AccessTokenInfo | undefined;
}

/** An access token as the emulator knows it. */
export interface AccessTokenInfo {
  token: string;
  clientId: string;
  userId: string;
  issuedAt: number;
  expiresAt: number;
  /** When the user approved this login in the app; absent until then. */
  approvedAt?: number;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path with `:name` segments, e.g. `/pots/:pot_id/deposit`. */
  path: string;
  access: Access;
  handle(context: RouteContext): Response | Promise<Response>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
  /** A stable name for counters and faults, e.g. `PUT /pots/:pot_id/deposit`. */
  key: string;
}

export type Match =
  | { kind: 'route'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

/** Finds the route for a method and path. Exact paths match before patterns; a trailing slash is ignored. */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  add(routes: readonly Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path.replace(/:([a-z_]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.#routes.push({
        ...route,
        pattern: new RegExp(`^${source}/?$`),
        names,
        key: `${route.method} ${route.path}`,
      });
    }
  }

  match(method: string, pathname: string): Match {
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? '');
      });
      return { kind: 'route', route, params };
    }
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
