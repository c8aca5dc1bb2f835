#!/usr/bin/env node
/**
 * Makes sure the CLI's browser test has a Chromium or Chrome (`npm test` runs this first): CHROMIUM_PATH, else one
 * on the PATH (or macOS's app), else Debian's chromium installed with apt where that works (root and apt-get);
 * otherwise it fails with the commands for Debian and macOS.
 */
import { ensure } from './ensure-tool.mjs';
import { TOOLS } from './system-tools.mjs';

ensure(TOOLS.chromium, 'ensure-chromium');
