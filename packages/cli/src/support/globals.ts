import type { Command } from 'commander';

/** The options every command takes (set on the root command). */
export interface GlobalOptions {
  /** An account id (`acc_…`) or type (`uk_retail`, `uk_retail_joint`). */
  account?: string;
  json?: boolean;
  apiUrl?: string;
  authUrl?: string;
  verbose?: boolean;
}

/** The global options as seen from a (sub)command. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}
