/** Test support: one HTTP exchange written and read byte for byte, to send what no HTTP client would. */
import { connect } from 'node:net';

/** One HTTP response as read off the wire. */
export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/**
 * Writes `request` on a new connection, closes the sending side, and reads until the server closes. Resolves to
 * the bytes received, or rejects when nothing complete arrived within `timeoutMs` (a hang).
 */
export function exchange(port: number, request: Buffer, timeoutMs = 5_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no end of the answer within ${timeoutMs} ms; got ${JSON.stringify(received().toString('latin1').slice(0, 200))}`,
        ),
      );
    }, timeoutMs);
    const received = () => Buffer.concat(chunks);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after a complete answer is fine: the server may drop a connection whose body it refused.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received());
    });
    socket.on('connect', () => {
      socket.end(request);
    });
  });
}

/**
 * The first final response in `bytes` (past any 1xx, such as `100 Continue`), checked to be whole; undefined when
 * `bytes` holds none.
 */
export function firstResponse(bytes: Buffer, method: string): RawResponse | undefined {
  const interim = /^HTTP\/1\.1 1\d\d [^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/.exec(bytes.toString('latin1'));
  if (interim) return firstResponse(bytes.subarray(interim[0].length), method);
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.1 (\d{3}) [^\r\n]*$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine)}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line)}`);
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const status = Number(match[1]);
  const rest = bytes.subarray(end + 4);
  const bodiless = method === 'HEAD' || status === 204 || status === 304 || status < 200;
  const length = headers.get('content-length');
  if (bodiless) return { status, headers, body: Buffer.alloc(0) };
  // Delimited by the end of the connection, as node:http's own answer to a request it cannot parse is.
  if (length === undefined && headers.get('connection') === 'close' && !headers.has('transfer-encoding')) {
    return { status, headers, body: rest };
  }
  if (length === undefined || !/^\d+$/.test(length)) {
    throw new Error(`a response without a Content-Length (status ${status})`);
  }
  if (rest.length < Number(length)) {
    throw new Error(`the body was cut: ${rest.length} of ${length} bytes (status ${status})`);
  }
  return { status, headers, body: rest.subarray(0, Number(length)) };
}

/** `bytes` in chunked transfer coding: one chunk, then the last. */
export function chunked(bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.from('0\r\n\r\n');
  return Buffer.concat([
    Buffer.from(`${bytes.length.toString(16)}\r\n`),
    bytes,
    Buffer.from('\r\n0\r\n\r\n'),
  ]);
}
