import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A loopback port that a test can hand to a server started later, outside the kernel's ephemeral range.
 *
 * Why not `listen(0)` and close: that port comes from the ephemeral range, which every outgoing connection draws its
 * local port from too. Between the close and the real server's bind, any test's fetch may take it as its local port,
 * and the bind fails with EADDRINUSE (CI saw a whole login test file fail so). Ports below the range are never
 * handed out by the kernel, so only another test picking the same one could collide: the pick is random and checked.
 */
export async function freePort(): Promise<number> {
  const [low, high] = pickRange();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free loopback port in ${low}-${high} after 50 tries`);
}

/** Below Linux's ephemeral range (from /proc; 32768 by default) and above the registered services most use. */
function pickRange(): [number, number] {
  let ephemeralStart = 32_768; // Linux's default; macOS starts at 49152, so this is below both.
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    if (Number(start) > 12_000) ephemeralStart = Number(start);
  } catch {
    // Not Linux: keep the default.
  }
  return [10_000, ephemeralStart];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}
