/**
 * A `Response` whose body is a string or bytes kept as is. Building a `Response` with a body costs a stream
 * (several microseconds, more than the rest of a `GET /balance`); this one builds the stream only if someone
 * reads the body through the Fetch API, and the socket server sends `fixedBody` without reading anything.
 *
 * Bytes may be lent (a page written in a buffer that is to hold another page later): `release` hands them
 * back once nothing reads them any more, either the socket server has sent them, or a regular `Response` (the
 * Fetch API's reading, a clone) has taken a copy of them. Then `fixedBody` is `undefined`.
 */
export interface FixedResponse extends Response {
  /** The body, for the socket server to send as is; `undefined` once read through the Fetch API. */
  readonly fixedBody: string | Uint8Array<ArrayBuffer> | undefined;
  /** Whether the body's bytes are lent, to be handed back with `release`. */
  readonly lent: boolean;
  /** Hands the body's bytes back to their lender (once); nothing may read them after this. */
  release(): void;
}

type FixedResponseClass = new (
  body: string | Uint8Array<ArrayBuffer>,
  init: ResponseInit,
  release?: () => void,
) => FixedResponse;

/**
 * The class, made on first use: `Response` is one of Node's lazily loaded globals, and extending it when the
 * module loads would load the whole of Node's fetch (some 10 ms) before the emulator could listen.
 */
let made: FixedResponseClass | undefined;

/** A `FixedResponse` (see above) of `body`; `release` takes lent bytes back. */
export function fixedResponse(
  body: string | Uint8Array<ArrayBuffer>,
  init: ResponseInit,
  release?: () => void,
): FixedResponse {
  made ??= defineFixedResponse();
  return new made(body, init, release);
}

/** Whether `response` is a `FixedResponse`, whose body the socket server may send as is. */
export function isFixedResponse(response: Response): response is FixedResponse {
  return made !== undefined && response instanceof made;
}

function defineFixedResponse(): FixedResponseClass {
  class Fixed extends Response implements FixedResponse {
    #body: string | Uint8Array<ArrayBuffer> | undefined;
    #release: (() => void) | undefined;
    #real: Response | undefined;

    constructor(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit, release?: () => void) {
      super(null, init);
      this.#body = body;
      this.#release = release;
    }

    get fixedBody(): string | Uint8Array<ArrayBuffer> | undefined {
      return this.#body;
    }

    get lent(): boolean {
      return this.#release !== undefined;
    }

    release(): void {
      const release = this.#release;
      this.#release = undefined;
      release?.();
    }

    /** The same body as a regular `Response`, built on first use; reading it marks this one used. */
    #readable(): Response {
      if (this.#real === undefined) {
        // The Response copies bytes it is given: the lent ones can go back at once.
        this.#real = new Response(this.#body, { headers: this.headers });
        this.#body = undefined;
        this.release();
      }
      return this.#real;
    }

    override get body(): Response['body'] {
      return this.#readable().body;
    }

    override get bodyUsed(): boolean {
      return this.#real?.bodyUsed ?? false;
    }

    override text(): Promise<string> {
      return this.#readable().text();
    }

    override json(): Promise<unknown> {
      return this.#readable().json();
    }

    override arrayBuffer(): Promise<ArrayBuffer> {
      return this.#readable().arrayBuffer();
    }

    override blob(): Promise<Blob> {
      return this.#readable().blob();
    }

    override formData(): Promise<FormData> {
      return this.#readable().formData();
    }

    override clone(): Response {
      // Text is shared as is; bytes only through a copy, as they may be lent.
      const body = this.#body;
      if (typeof body !== 'string') return this.#readable().clone(); // throws if used, as cloning a used Response does
      return new Fixed(body, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
    }
  }
  return Fixed;
}
