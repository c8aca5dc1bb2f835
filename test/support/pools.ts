import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Which test files may share a worker thread and its loaded modules, and which need a process of their own.
 *
 * Sharing is what makes the suite fast on two cores: a file in the shared pool costs its tests, not a process
 * start and a fresh import of the SDK, emulator and CLI sources (~85% of the time of the small files). A file
 * needs its own process when it does what a worker thread cannot (change directory, set the umask), what would
 * reach the whole runner (signal itself, exit, install signal handlers), or what cannot be undone for the next
 * file in the same worker (module mocks, environment variables such as TZ, which reach the whole process,
 * V8 flags and heap figures). Those are found by what the file's own text does, so a new test lands in the right
 * pool without a list to keep up to date. What can be undone (fake timers, spies, stubbed globals, a patched
 * fetch) stays in the shared pool: shared-worker.ts undoes it after each file, and fails a file that leaves a
 * global replaced.
 */
const OWN_PROCESS: RegExp[] = [
  /process\.chdir\(/,
  /process\.umask\(/,
  /process\.kill\(process\.pid/,
  /process\.(on|once)\(\s*'SIG/,
  /process\.exit\(/,
  /\bvi\.mock\(/,
  /\bvi\.stubEnv\(/,
  /process\.env\.\w+\s*=[^=]|process\.env\[[^\]]+\]\s*=[^=]|delete process\.env/,
  /setFlagsFromString|memoryUsage\(/,
  // Said by the file itself, with its reason (a timing that another file's work in the process would upset).
  /^\/\/ Own process: /m,
];

/** The test files under `root` matching the suite's layout, relative to `root`. */
function testFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) found.push(relative(root, path));
    }
  };
  for (const top of ['packages', 'examples']) walk(join(root, top));
  return found.sort();
}

/** The files that need a process of their own (see `OWN_PROCESS`), relative to `root`. */
export function ownProcessFiles(root: string): string[] {
  return testFiles(root).filter((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    return OWN_PROCESS.some((pattern) => pattern.test(text));
  });
}
