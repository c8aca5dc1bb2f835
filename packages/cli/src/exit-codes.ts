/** Exit codes: 0 success, 1 an API or runtime error, 2 a usage error, 130 stopped by Ctrl-C (as a shell says). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
