import { ConnectionReset } from './http.js';

/**
 * The emulator as a `fetch`: any fetch-based client (the SDK included) runs against it in process, with no
 * socket. A fault that resets the connection rejects the way Node's fetch does, with `ECONNRESET` in the cause.
 */
export function asFetch(handle: (request: Request) => Promise<Response>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    try {
      return await handle(request);
    } catch (error) {
      if (error instanceof ConnectionReset) {
        const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        throw new TypeError('fetch failed', { cause });
      }
      throw error;
    }
  };
}
