import { afterEach, describe, expect, it, vi } from 'vitest';
import { validationError } from '../../test/support/clients.js';
import { fakeFetch, json } from '../../test/support/fake-fetch.js';
import { exampleJson } from '../../test/support/fixtures.js';
import { startLoopback } from '../../test/support/loopback.js';
import { MonzoClient } from '../client.js';
import { MonzoServerError } from '../core/errors.js';

const UPLOAD = exampleJson('attachment-upload.response.json') as { file_url: string; upload_url: string };
const REGISTERED = exampleJson('attachment-register.response.json');
/** Every byte value, so that any re-encoding of the body would show. */
const BYTES = Uint8Array.from({ length: 512 }, (_, index) => (index * 7 + 3) % 256);

/** A fake fetch that also keeps each request's raw URL string and raw body bytes. */
function recordingClient(answer: (url: string, index: number) => Response) {
  const raw: { url: string; bytes: Uint8Array }[] = [];
  const fake = fakeFetch((request, index) => answer(raw[index]?.url ?? request.url.href, index));
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const bytes = new Uint8Array(await new Response(init.body ?? null).arrayBuffer());
    raw.push({ url: String(input), bytes });
    return fake.fetch(input, init);
  }) as typeof globalThis.fetch;
  return { raw, requests: fake.requests, monzo: new MonzoClient({ accessToken: 'test-token', fetch }) };
}

function threeSteps(url: string): Response {
  if (url.endsWith('/attachment/upload')) return json(UPLOAD);
  if (url.endsWith('/attachment/register')) return json(REGISTERED);
  return new Response(null, { status: 200 });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('attachments.uploadFile', () => {
  it('asks for an upload URL, PUTs the exact bytes there without the token, then registers', async () => {
    const { monzo, requests, raw } = recordingClient(threeSteps);
    const attachment = await monzo.attachments.uploadFile({
      transaction_id: 'tx_00008zIcpb1TB4yeIFXMzx',
      file_name: 'foo.png',
      file_type: 'image/png',
      data: BYTES,
    });
    expect(attachment).toEqual(REGISTERED.attachment);
    expect(requests.map((request) => request.method)).toEqual(['POST', 'PUT', 'POST']);

    expect(requests[0]?.url.href).toBe('https://api.monzo.com/attachment/upload');
    expect(requests[0]?.body).toBe('file_name=foo.png&file_type=image%2Fpng&content_length=512');

    expect(raw[1]?.url).toBe(UPLOAD.upload_url);
    expect(raw[1]?.bytes).toEqual(BYTES);
    expect(requests[1]?.headers.get('content-type')).toBe('image/png');
    expect(requests[1]?.headers.has('authorization')).toBe(false);

    expect(requests[2]?.url.href).toBe('https://api.monzo.com/attachment/register');
    expect(new URLSearchParams(requests[2]?.body).get('external_id')).toBe('tx_00008zIcpb1TB4yeIFXMzx');
    expect(new URLSearchParams(requests[2]?.body).get('file_url')).toBe(UPLOAD.file_url);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer test-token');
    expect(requests[2]?.headers.get('authorization')).toBe('Bearer test-token');
  });

  it.each([
    ['an ArrayBuffer', () => BYTES.slice().buffer],
    ['a Blob', () => new Blob([BYTES])],
  ])('sends the same bytes from %s', async (_name, data) => {
    const { monzo, raw, requests } = recordingClient(threeSteps);
    await monzo.attachments.uploadFile({
      transaction_id: 'tx_1',
      file_name: 'a',
      file_type: 'image/png',
      data: data(),
    });
    expect(raw[1]?.bytes).toEqual(BYTES);
    expect(new URLSearchParams(requests[0]?.body).get('content_length')).toBe('512');
  });

  it('retries the byte transfer after a 503 and still registers once', async () => {
    const { monzo, requests, raw } = recordingClient((url, index) =>
      index === 1 ? json({}, 503) : threeSteps(url),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait
    await monzo.attachments.uploadFile({
      transaction_id: 'tx_1',
      file_name: 'a',
      file_type: 'image/png',
      data: BYTES,
    });
    expect(requests.map((request) => request.method)).toEqual(['POST', 'PUT', 'PUT', 'POST']);
    expect(raw[2]?.bytes).toEqual(BYTES);
  });

  it('does not register when the byte transfer fails', async () => {
    const { monzo, requests } = recordingClient((url, index) =>
      index === 1 ? json({}, 500) : threeSteps(url),
    );
    await expect(
      monzo.attachments.uploadFile(
        { transaction_id: 'tx_1', file_name: 'a', file_type: 'image/png', data: BYTES },
        { maxRetries: 0 },
      ),
    ).rejects.toBeInstanceOf(MonzoServerError);
    expect(requests.map((request) => request.method)).toEqual(['POST', 'PUT']);
  });

  it('refuses an empty file before any request', async () => {
    const { monzo, requests } = recordingClient(threeSteps);
    const error = await validationError(
      monzo.attachments.uploadFile({
        transaction_id: 'tx_1',
        file_name: 'a',
        file_type: 'image/png',
        data: new Uint8Array(),
      }),
    );
    expect(error.field).toBe('content_length');
    expect(requests).toHaveLength(0);
  });

  it('sends the bytes over a real socket with Content-Type and Content-Length and no Authorization', async () => {
    const seen: { method: string; path: string; headers: Record<string, unknown>; body: string }[] = [];
    const server = await startLoopback((request, response) => {
      seen.push({
        method: request.method,
        path: request.url.pathname + request.url.search,
        headers: request.headers,
        body: request.body,
      });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      if (request.url.pathname === '/attachment/upload') {
        response.end(
          JSON.stringify({
            file_url: `${server.url}/files/a.txt`,
            upload_url: `${server.url}/s3/a.txt?sig=a%3D`,
          }),
        );
      } else if (request.url.pathname === '/attachment/register') {
        response.end(JSON.stringify(REGISTERED));
      } else {
        response.end();
      }
    });
    try {
      const monzo = new MonzoClient({ accessToken: 'test-token', apiUrl: server.url });
      const text = 'plain text, £ and 🍞';
      await monzo.attachments.uploadFile({
        transaction_id: 'tx_1',
        file_name: 'a.txt',
        file_type: 'text/plain',
        data: new TextEncoder().encode(text),
      });
      expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
        'POST /attachment/upload',
        'PUT /s3/a.txt?sig=a%3D',
        'POST /attachment/register',
      ]);
      expect(seen[1]?.body).toBe(text);
      expect(seen[1]?.headers['content-type']).toBe('text/plain');
      expect(seen[1]?.headers['content-length']).toBe(String(new TextEncoder().encode(text).length));
      expect(seen[1]?.headers.authorization).toBeUndefined();
      expect(seen[0]?.headers.authorization).toBe('Bearer test-token');
    } finally {
      await server.close();
    }
  });
});
