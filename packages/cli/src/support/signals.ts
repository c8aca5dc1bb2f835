/**
 * Resolves on the first SIGINT or SIGTERM; a second one, while closing, ends the process at once. The listeners
 * stay until `release()`: removing the last one restores the default action, which a quick second signal would
 * then meet, killing the process before it has cleaned up (closed the emulator, removed a webhook).
 */
export function untilSignal(): { signal: Promise<NodeJS.Signals>; release(): void } {
  let received: NodeJS.Signals | undefined;
  let resolve: (signal: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((done) => {
    resolve = done;
  });
  const onSignal = (name: NodeJS.Signals) => {
    if (received) process.exit(name === 'SIGINT' ? 130 : 143);
    received = name;
    resolve(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
