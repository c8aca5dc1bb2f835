/**
 * Where the system programs the test suite drives are found: Chromium (the CLI's login test, in a real browser)
 * and redis-server (the @monzo-ts/redis tests). One resolver, used both by the ensure scripts that `npm test`
 * runs first and by the tests themselves, so both always agree on the program used.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** @typedef {{ id: string, label: string, variable: string, names: string[], macApps: string[], debian: string, mac: string, usedBy: string }} Tool */

/** @type {Record<'chromium' | 'redis', Tool>} */
export const TOOLS = {
  chromium: {
    id: 'chromium',
    label: 'Chromium (or Google Chrome)',
    variable: 'CHROMIUM_PATH',
    names: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'],
    macApps: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    debian: 'chromium',
    mac: 'brew install --cask google-chrome',
    usedBy: "The CLI's login test (packages/cli/test/browser) needs",
  },
  redis: {
    id: 'redis',
    label: 'redis-server',
    variable: 'REDIS_SERVER',
    names: ['redis-server'],
    macApps: [],
    debian: 'redis-server',
    mac: 'brew install redis',
    usedBy: 'The @monzo-ts/redis tests need',
  },
};

/** True for a regular file this process may execute. */
export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first `name` in the PATH directories of `env`, or undefined. */
export function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Finds a tool: the variable (`CHROMIUM_PATH`, `REDIS_SERVER`) when set, which must then be right (a wrong one
 * is reported, never passed over); else the first of its names on the PATH; else, on macOS, its app bundles.
 * @returns {{ path: string } | { problem: string }}
 */
export function locate(tool, env = process.env, platform = process.platform) {
  const chosen = env[tool.variable];
  if (chosen) {
    return isExecutable(chosen)
      ? { path: chosen }
      : { problem: `${tool.variable}=${chosen} is not an executable file` };
  }
  for (const name of tool.names) {
    const found = onPath(name, env);
    if (found) return { path: found };
  }
  for (const app of platform === 'darwin' ? tool.macApps : []) {
    if (isExecutable(app)) return { path: app };
  }
  const names = tool.names.length === 1 ? `${tool.names[0]} is not` : `none of ${tool.names.join(', ')} is`;
  return { problem: `no ${tool.label} found (${tool.variable} is not set, and ${names} on the PATH)` };
}

/** The lines that say how to get the tool, on Debian and on macOS, or how to point at one already there. */
export function installHelp(tool) {
  return [
    `${tool.usedBy} ${tool.label}. Install it:`,
    `  Debian/Ubuntu:     sudo apt-get update && sudo apt-get install -y --no-install-recommends ${tool.debian}`,
    `  macOS (Homebrew):  ${tool.mac}`,
    `or point ${tool.variable} at one you have: export ${tool.variable}=/path/to/${tool.names[0]}`,
  ];
}

/** The tool's path, for a test; throws with what to do when it cannot be found. */
export function requireTool(tool, env = process.env) {
  const found = locate(tool, env);
  if ('path' in found) return found.path;
  throw new Error(
    [`${found.problem}.`, ...installHelp(tool), '(`npm test` runs scripts/ensure-*.mjs first)'].join('\n'),
  );
}
