/** Small pieces shared by the benchmarks: a load run, a bare server answering fixed bytes, a table. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/**
 * Drives `url` with autocannon (keep-alive connections) for `seconds`, and reports the mean rate. With `paths`,
 * each request takes the next path in turn instead of `url`'s.
 */
export async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  paths?: readonly string[],
): Promise<LoadResult> {
  let next = 0;
  const rotate = (request: { path: string }) => {
    request.path = paths?.[next++ % paths.length] ?? request.path;
    return request;
  };
  const options: autocannon.Options = { url, headers, connections: 16, pipelining: 1, duration: seconds };
  if (paths) options.requests = [{ setupRequest: rotate as never }];
  const result = await autocannon(options);
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export interface FixedAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A bare node:http server that sends the same bytes to every request: the baseline an HTTP server can reach. */
export async function startBareServer(answer: FixedAnswer): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(answer.status, {
      'Content-Type': answer.contentType,
      'Content-Length': answer.body.byteLength,
    });
    response.end(answer.body);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The environment of a child running the CLI: a home of its own, so that it uses this token and its own files,
 * nothing stored on this machine.
 */
export function cliEnv(home: string, apiUrl: string, accessToken: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    MONZO_API_URL: apiUrl,
    MONZO_AUTH_URL: apiUrl,
    MONZO_ACCESS_TOKEN: accessToken,
  };
}

/** Prints rows as an aligned table. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}
