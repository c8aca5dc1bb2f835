import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rawStatusLine } from '../../../test/raw-socket.js';
import { type Receiver, redeliveryMark, startReceiver } from './listen-receiver.js';

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

  it('numbers the deliveries of each event, so that Monzo retrying a failed one is marked as such', async () => {
    // The app behind --forward-to fails the first delivery: the receiver answers 500, and Monzo retries.
    let attempts = 0;
    const app = createServer((request, response) => {
      request.resume();
      response.writeHead(++attempts === 1 ? 500 : 200).end();
    });
    await new Promise<void>((listening) => app.listen(0, '127.0.0.1', listening));
    const seen: Array<[string, number]> = [];
    try {
      receiver = await startReceiver({
        port: 0,
        secret: 'the-secret',
        forwardTo: `http://127.0.0.1:${(app.address() as AddressInfo).port}/monzo`,
        onEvent: (event, delivery) => seen.push([(event.data as { id: string }).id, delivery]),
        onForward: () => {},
        onRefused: () => {},
      });
      const deliver = (id: string) =>
        fetch(`${receiver?.origin}/monzo?secret=the-secret`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'account.updated', data: { id } }),
        }).then((response) => response.status);
      expect(await deliver('acc_1')).toBe(500);
      expect(await deliver('acc_1')).toBe(200); // Monzo's retry of the same event
      expect(await deliver('acc_2')).toBe(200); // another event
      expect(seen).toEqual([
        ['acc_1', 1],
        ['acc_1', 2],
        ['acc_2', 1],
      ]);
    } finally {
      await new Promise((closed) => app.close(closed));
    }
    expect(redeliveryMark(1)).toBe('');
    expect(redeliveryMark(2)).toBe('(redelivered: delivery 2 of this event)');
  });
});
