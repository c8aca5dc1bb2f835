/**
 * Where the system programs the test suite drives are found: Chromium (the CLI's login test, in a real browser),
 * redis-server (the @monzo-ts/redis tests) and PostgreSQL's server programs (the @monzo-ts/history tests). One
 * resolver, used both by the ensure scripts that `npm test` runs first and by the tests themselves, so both always
 * agree on the program used.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * One program, any of whose `names` will do.
 * @typedef {{ id: string, label: string, variable: string, names: string[], macApps: string[], debian: string, mac: string, usedBy: string }} ProgramTool
 */
/**
 * A directory that must hold all of `programs` (PostgreSQL's initdb, pg_ctl and postgres, which find each other
 * beside themselves). `dirs` are where packages put it, per platform, `*` standing for a version; the newest is
 * taken. `searchVariable`, when set (even empty), replaces `dirs`, so the tests can see the failure paths on a
 * machine that has the package installed.
 * @typedef {{ id: string, label: string, variable: string, programs: string[], dirs: Partial<Record<NodeJS.Platform, string[]>>, searchVariable: string, debian: string, mac: string, usedBy: string }} BinDirTool
 */
/** @typedef {ProgramTool | BinDirTool} Tool */

/** @type {{ chromium: ProgramTool, redis: ProgramTool, postgresql: BinDirTool }} */
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
  postgresql: {
    id: 'postgresql',
    label: 'PostgreSQL (initdb, pg_ctl and postgres)',
    variable: 'PG_BIN',
    programs: ['initdb', 'pg_ctl', 'postgres'],
    dirs: {
      // Debian and Ubuntu keep them off the PATH, one directory per major version.
      linux: ['/usr/lib/postgresql/*/bin'],
      // Homebrew's postgresql@N formulae are keg-only (not linked onto the PATH); then Postgres.app.
      darwin: [
        '/opt/homebrew/opt/postgresql@*/bin',
        '/usr/local/opt/postgresql@*/bin',
        '/Applications/Postgres.app/Contents/Versions/*/bin',
      ],
    },
    searchVariable: 'PG_SEARCH_DIRS',
    debian: 'postgresql',
    mac: 'brew install postgresql@16',
    usedBy: 'The @monzo-ts/history PostgreSQL tests need',
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
 * Finds a tool: the variable (`CHROMIUM_PATH`, `REDIS_SERVER`, `PG_BIN`) when set, which must then be right (a
 * wrong one is reported, never passed over); else the PATH; else the places the platform's packages put it. For a
 * program tool the path is the program's; for PostgreSQL it is the directory holding its programs.
 * @returns {{ path: string } | { problem: string }}
 */
export function locate(tool, env = process.env, platform = process.platform) {
  if ('programs' in tool) return locateBinDir(tool, env, platform);
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

/** The first directory holding all of the tool's programs: its variable, else the PATH, else `dirs`. */
function locateBinDir(tool, env, platform) {
  const missingFrom = (dir) => tool.programs.filter((name) => !isExecutable(join(dir, name)));
  const chosen = env[tool.variable];
  if (chosen) {
    const missing = missingFrom(chosen);
    return missing.length === 0
      ? { path: chosen }
      : { problem: `${tool.variable}=${chosen} is not a directory holding ${missing.join(', ')}` };
  }
  const onThePath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const searched = env[tool.searchVariable];
  const patterns =
    searched === undefined ? (tool.dirs[platform] ?? []) : searched.split(delimiter).filter(Boolean);
  for (const dir of [...onThePath, ...patterns.flatMap(expandNewestFirst)]) {
    if (missingFrom(dir).length === 0) return { path: dir };
  }
  const where = patterns.length > 0 ? `, nor in ${patterns.join(', ')}` : '';
  return {
    problem: `no ${tool.label} found (${tool.variable} is not set, and ${tool.programs.join(', ')} are not together on the PATH${where})`,
  };
}

/**
 * The directories matching `pattern`, whose one `*` (in one path segment) stands for a version: newest first,
 * comparing the numbers in the names (so 16 comes before 9.6).
 */
function expandNewestFirst(pattern) {
  const segments = pattern.split('/');
  const at = segments.findIndex((segment) => segment.includes('*'));
  if (at === -1) return [pattern];
  const [prefix, suffix] = segments[at].split('*');
  const parent = segments.slice(0, at).join('/') || '/';
  let entries;
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  return entries
    .filter(
      (name) =>
        name.startsWith(prefix) && name.endsWith(suffix) && name.length >= prefix.length + suffix.length,
    )
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map((name) => [parent === '/' ? '' : parent, name, ...segments.slice(at + 1)].join('/'));
}

/** The lines that say how to get the tool, on Debian and on macOS, or how to point at one already there. */
export function installHelp(tool) {
  const example = 'programs' in tool ? '/path/to/postgresql/bin' : `/path/to/${tool.names[0]}`;
  return [
    `${tool.usedBy} ${tool.label}. Install it:`,
    `  Debian/Ubuntu:     sudo apt-get update && sudo apt-get install -y --no-install-recommends ${tool.debian}`,
    `  macOS (Homebrew):  ${tool.mac}`,
    `or point ${tool.variable} at one you have: export ${tool.variable}=${example}`,
  ];
}

/** The tool's path (PostgreSQL: its programs' directory), for a test; throws with what to do when it cannot be found. */
export function requireTool(tool, env = process.env) {
  const found = locate(tool, env);
  if ('path' in found) return found.path;
  throw new Error(
    [`${found.problem}.`, ...installHelp(tool), '(`npm test` runs scripts/ensure-*.mjs first)'].join('\n'),
  );
}
