import { connect } from 'node:net';

/** Bytes written as they are on a socket to 127.0.0.1, however malformed: resolves with the status line. */
export function rawStatusLine(port: number, text: string): Promise<string> {
  return new Promise<string>((done, fail) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(text));
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', fail);
    socket.on('close', () => done(answer.split('\r\n')[0] ?? ''));
  });
}
