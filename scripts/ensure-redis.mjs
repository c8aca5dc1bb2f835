#!/usr/bin/env node
/**
 * Makes sure the @monzo-ts/redis tests have a redis-server (`npm test` runs this first): REDIS_SERVER, else one
 * on the PATH, else Debian's redis-server installed with apt where that works (root and apt-get); otherwise it
 * fails with the commands for Debian and macOS.
 */
import { ensure } from './ensure-tool.mjs';
import { TOOLS } from './system-tools.mjs';

ensure(TOOLS.redis, 'ensure-redis');
