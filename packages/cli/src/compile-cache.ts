import module from 'node:module';

/**
 * Turns on Node's on-disk cache of compiled code where the runtime has it (Node 22.1 and later): each start after
 * the first skips compiling the modules it loads. A no-op on Node 20. Never fatal: a cache that cannot be written
 * (a read-only temp folder) only costs the time it would have saved. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
export function enableCompileCache(): void {
  const enable = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
  try {
    enable?.();
  } catch {
    // no cache: the CLI starts as it would without one
  }
}
