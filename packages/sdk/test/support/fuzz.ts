import type { Parameters as FcParameters } from 'fast-check';

/**
 * Settings for the property-based (fuzz) tests, shared by every package. A fixed seed by default, so that CI runs
 * the same cases every time and a failure reproduces; `FUZZ_SEED=<integer>` picks other cases, `FUZZ_SEED=random`
 * a new seed on every run, and `FUZZ_SCALE=<factor>` runs that many times more (or fewer) cases. A failure
 * prints the shrunk counterexample, the seed and the path: `FUZZ_SEED=<seed> FUZZ_PATH=<path>` replays it.
 */
const DEFAULT_SEED = 20260831;

function seed(): number | undefined {
  const given = process.env.FUZZ_SEED?.trim();
  if (given === undefined || given === '') return DEFAULT_SEED;
  if (given === 'random') return undefined;
  const parsed = Number(given);
  if (!Number.isSafeInteger(parsed))
    throw new Error(`FUZZ_SEED must be an integer or "random", got ${given}`);
  return parsed;
}

function scale(): number {
  const given = process.env.FUZZ_SCALE?.trim();
  if (given === undefined || given === '') return 1;
  const parsed = Number(given);
  if (!(parsed > 0) || !Number.isFinite(parsed))
    throw new Error(`FUZZ_SCALE must be a positive number, got ${given}`);
  return parsed;
}

/** fast-check's parameters for a property that runs `runs` cases at scale 1. */
export function fuzz<T>(runs: number, extra: FcParameters<T> = {}): FcParameters<T> {
  const chosen = seed();
  // The path a failure prints, to replay that one case (with its FUZZ_SEED; run only that test, `-t`).
  const path = process.env.FUZZ_PATH?.trim();
  return {
    numRuns: Math.max(1, Math.round(runs * scale())),
    ...(chosen === undefined ? {} : { seed: chosen }),
    ...(path ? { path } : {}),
    ...extra,
  };
}

/** A vitest timeout for a property of `runs` cases that each take up to `msPerRun`, scaled like its runs. */
export function fuzzTimeout(runs: number, msPerRun: number): number {
  return Math.max(20_000, Math.round(runs * scale() * msPerRun));
}
