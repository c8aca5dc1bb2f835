import { MonzoApprovalRequiredError } from 'monzo-ts';

export interface ApprovalOptions {
  timeoutMs: number;
  /** The first wait between checks; it grows by half each time, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One check, without waiting: true when Monzo already gives data to the login (an emulator's auto-approval, or
 * an approval made before the callback was answered), false while it waits for the app; any other error is
 * thrown.
 */
export async function isApproved(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (error instanceof MonzoApprovalRequiredError) return false;
    throw error;
  }
}

/**
 * Waits until a new login is approved in the Monzo app: calls `check` (a data call, such as listing accounts)
 * until it stops failing with `MonzoApprovalRequiredError`, gently (1 s, 1.5 s, … up to 5 s between calls).
 * Resolves true once approved, false at the timeout; any other error is thrown.
 */
export async function waitForApproval(
  check: () => Promise<unknown>,
  options: ApprovalOptions,
): Promise<boolean> {
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const deadline = now() + options.timeoutMs;
  let delay = options.firstDelayMs ?? 1_000;
  for (;;) {
    try {
      await check();
      return true;
    } catch (error) {
      if (!(error instanceof MonzoApprovalRequiredError)) throw error;
    }
    const left = deadline - now();
    if (left <= 0) return false;
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 1.5, maxDelay);
  }
}
