/** Types for system-tools.mjs, which the ensure scripts run as plain JavaScript before any build. */
export interface Tool {
  id: string;
  label: string;
  variable: string;
  names: string[];
  macApps: string[];
  debian: string;
  mac: string;
  usedBy: string;
}
export declare const TOOLS: Record<'chromium' | 'redis', Tool>;
/** True for a regular file this process may execute. */
export declare function isExecutable(path: string): boolean;
/** The first `name` in the PATH directories of `env`, or undefined. */
export declare function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
/** Finds a tool through its variable, the PATH, or (macOS) its app bundles. */
export declare function locate(
  tool: Tool,
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): { path: string } | { problem: string };
/** How to install the tool on Debian and macOS, or point at one. */
export declare function installHelp(tool: Tool): string[];
/** The tool's path; throws with what to do when it cannot be found. */
export declare function requireTool(tool: Tool, env?: NodeJS.ProcessEnv): string;
