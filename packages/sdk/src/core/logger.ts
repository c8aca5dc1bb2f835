/** One line of debug output per attempt. Never carries a header, a body or a token. */
export interface RequestLogEvent {
  method: string;
  path: string;
  status: number | undefined;
  durationMs: number;
  attempt: number;
  /** The error class, when the attempt failed. */
  error?: string;
  /** The wait before the next attempt, when one follows. */
  retryInMs?: number;
}

/** Anything with a `debug(message, event)` method: `console`, pino's and winston's loggers all fit. */
export interface Logger {
  /** Called once per attempt, after it ended. */
  debug(message: string, event: RequestLogEvent): void;
}
