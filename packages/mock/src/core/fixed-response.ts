/**
 * A `Response` whose body is a string or bytes kept as is. Building a `Response` with a body costs a stream
 * (several microseconds, more than the rest of a `GET /balance`); this one builds the stream only if someone
 * reads the body through the Fetch API, and the socket server sends `fixedBody` without reading anything.
 */
export class FixedResponse extends Response {
  /**
   * The body, for the socket server to send directly. Bytes are never written to once the response is made:
   * a page kept for its next read is sent as is.
   */
  readonly fixedBody: string | Uint8Array<ArrayBuffer>;
  /** Called by the socket server once it has sent `fixedBody`, whose bytes may then be written over. */
  readonly sent: (() => void) | undefined;
  #real: Response | undefined;

  constructor(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit, sent?: () => void) {
    super(null, init);
    this.fixedBody = body;
    this.sent = sent;
  }

  /** The same body as a regular `Response`, built on first use; reading it marks this one used. */
  #readable(): Response {
    this.#real ??= new Response(this.fixedBody, { headers: this.headers });
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
    if (this.bodyUsed) return this.#readable().clone(); // throws, as cloning a used Response does
    return new FixedResponse(this.fixedBody, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}
