import { describe, expect, it } from 'vitest';
import { readBounded } from './body.js';

/** A response whose body arrives in these chunks, as a socket may cut it. */
function chunked(chunks: Uint8Array[], headers: Record<string, string> = {}): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Response(stream, { headers });
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readBounded', () => {
  it('reads a body in many chunks as the same text, a character split between two chunks included', async () => {
    const whole = bytes('{"description":"£12 at Café Nero — 😀"}');
    const chunks = [
      whole.subarray(0, 17),
      whole.subarray(17, 18),
      whole.subarray(18, 33),
      whole.subarray(33),
    ];
    await expect(readBounded(chunked(chunks), 1_000)).resolves.toBe(new TextDecoder().decode(whole));
  });

  it('takes a body of exactly the limit, and refuses one byte more with what came of it', async () => {
    await expect(readBounded(chunked([bytes('12345'), bytes('67890')]), 10)).resolves.toBe('1234567890');
    await expect(readBounded(chunked([bytes('12345'), bytes('678901')]), 10)).resolves.toEqual({
      head: '12345678901',
      limit: 10,
    });
  });

  it('refuses a declared Content-Length over the limit without reading, and cancels the body', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes('x'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = new Response(stream, { headers: { 'Content-Length': '11' } });
    await expect(readBounded(response, 10)).resolves.toEqual({ head: '', limit: 10 });
    expect(cancelled).toBe(true);
  });

  it('trusts a declared length only from the platform’s fetch, and only for a body sent as is', async () => {
    const eleven = () => [bytes('12345'), bytes('678901')];
    const over = { head: '12345678901', limit: 10 };
    // An injected fetch may hand over a body longer than its Content-Length: it is counted.
    await expect(readBounded(chunked(eleven(), { 'Content-Length': '5' }), 10)).resolves.toEqual(over);
    // A compressed body's length says nothing of what it inflates to.
    const gzip = { 'Content-Length': '5', 'Content-Encoding': 'gzip' };
    await expect(readBounded(chunked(eleven(), gzip), 10, true)).resolves.toEqual(over);
    await expect(readBounded(chunked([bytes('{}')], { 'Content-Length': '2' }), 10, true)).resolves.toBe(
      '{}',
    );
  });

  it('reads an empty or absent body as ""', async () => {
    await expect(readBounded(new Response(null, { status: 204 }), 10)).resolves.toBe('');
    await expect(readBounded(chunked([]), 10)).resolves.toBe('');
  });

  it('strips a byte order mark, as Response.text() does', async () => {
    await expect(readBounded(chunked([new Uint8Array([0xef, 0xbb, 0xbf]), bytes('{}')]), 10)).resolves.toBe(
      '{}',
    );
  });
});
