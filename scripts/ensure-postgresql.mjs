#!/usr/bin/env node
/**
 * Makes sure the @monzo-ts/history tests have PostgreSQL's server programs (`npm test` runs this first): PG_BIN,
 * else initdb, pg_ctl and postgres together on the PATH, else where Debian (/usr/lib/postgresql/<major>/bin) or
 * Homebrew put them, else Debian's postgresql installed with apt where that works (root and apt-get); otherwise it
 * fails with the commands for Debian and macOS. The tests start throwaway clusters of their own
 * (test/support/postgres.ts); the cluster Debian's package creates and may start is never used.
 */
import { ensure } from './ensure-tool.mjs';
import { TOOLS } from './system-tools.mjs';

ensure(TOOLS.postgresql, 'ensure-postgresql');
