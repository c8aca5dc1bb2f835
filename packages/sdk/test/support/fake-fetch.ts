/** A request as the fake fetch saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type FakeHandler = (request: SeenRequest, index: number) => Response | Promise<Response>;

/**
 * A `fetch` that records every request and answers from `handler`; it honours the abort signal like a real
 * fetch, so timeouts and aborts can be tested without a server.
 */
export function fakeFetch(handler: FakeHandler) {
  const requests: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const seen: SeenRequest = {
      method: init.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init.headers),
      body: await bodyText(init.body),
    };
    requests.push(seen);
    const answer = Promise.resolve(handler(seen, requests.length - 1));
    if (!signal) return answer;
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      answer.then(resolve, reject);
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

async function bodyText(body: BodyInit | null | undefined): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A fetch that never answers until aborted. */
export const hangingResponse = (): Promise<Response> => new Promise<Response>(() => {});
