/**
 * `npm run bench` is the quick run: every table and every headline row, with fewer runs, shorter loads and
 * smaller datasets (each table's title says which). `npm run bench -- --full` is the full one. A child process
 * of a benchmark learns the mode from BENCH_FULL, which `modeEnv()` passes on.
 */
export const FULL = process.argv.includes('--full') || process.env.BENCH_FULL === '1';

/** The quick run's value, or the full run's. */
export function pick<T>(quick: T, full: T): T {
  return FULL ? full : quick;
}

/** The mode, for the environment of a child process that reads it too. */
export function modeEnv(): Record<string, string> {
  return FULL ? { BENCH_FULL: '1' } : {};
}
