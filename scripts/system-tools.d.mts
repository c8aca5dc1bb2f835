/** Types for system-tools.mjs, which the ensure scripts run as plain JavaScript before any build. */
/** One program, any of whose `names` will do. */
export interface ProgramTool {
  id: string;
  label: string;
  variable: string;
  names: string[];
  macApps: string[];
  debian: string;
  mac: string;
  usedBy: string;
}
/** A directory that must hold all of `programs`, found in `dirs` (per platform, `*` for a version) after the PATH. */
export interface BinDirTool {
  id: string;
  label: string;
  variable: string;
  programs: string[];
  dirs: Partial<Record<NodeJS.Platform, string[]>>;
  /** When set (even empty), its patterns replace `dirs`. */
  searchVariable: string;
  debian: string;
  mac: string;
  usedBy: string;
}
export type Tool = ProgramTool | BinDirTool;
export declare const TOOLS: { chromium: ProgramTool; redis: ProgramTool; postgresql: BinDirTool };
/** True for a regular file this process may execute. */
export declare function isExecutable(path: string): boolean;
/** The first `name` in the PATH directories of `env`, or undefined. */
export declare function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
/** Finds a tool through its variable, the PATH, or where the platform's packages put it. */
export declare function locate(
  tool: Tool,
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): { path: string } | { problem: string };
/** How to install the tool on Debian and macOS, or point at one. */
export declare function installHelp(tool: Tool): string[];
/** The tool's path (PostgreSQL: its programs' directory); throws with what to do when it cannot be found. */
export declare function requireTool(tool: Tool, env?: NodeJS.ProcessEnv): string;
