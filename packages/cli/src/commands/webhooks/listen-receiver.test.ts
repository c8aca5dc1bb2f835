import { afterEach, describe, expect, it } from 'vitest';
import { rawStatusLine } from '../../../test/raw-socket.js';
import { type Receiver, startReceiver } from './listen-receiver.js';

describe('the `webhooks listen` receiver', () => {
  let receiver: Receiver | undefined;
  afterEach(() => receiver?.close());

  it('answers malformed requests with a 4xx and keeps serving (the sibling of the login callback crash)', async () => {
    receiver = await startReceiver({
      port: 0,
      secret: 'the-secret',
      forwardTo: undefined,
      onEvent: () => {},
      onForward: () => {},
      onRefused: () => {},
    });
    const port = Number(new URL(receiver.origin).port);
    const host = `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
    for (const text of [
      `GET //[ HTTP/1.1\r\n${host}\r\n`,
      `POST //[?secret=the-secret HTTP/1.1\r\n${host}Content-Length: 2\r\n\r\n{}`,
      `GET http://x/ HTTP/1.1\r\n${host}\r\n`,
      `GET * HTTP/1.1\r\n${host}\r\n`,
      `POST / HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
      'NOT HTTP AT ALL\r\n\r\n',
    ]) {
      expect(await rawStatusLine(port, text), text.slice(0, 30)).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    // Still there, and still refusing a delivery without the secret as before.
    const after = await fetch(`${receiver.origin}/?secret=wrong`, { method: 'POST', body: '{}' });
    expect(after.status).toBe(403);
  });
});
