/**
 * The shell commands the documentation prints, found in its code blocks and inline code, and the rule that no
 * `npx` among them can fetch a package we do not own or depend on. Plain JavaScript: `.ci/run` uses it right
 * after `npm ci`, before anything is built.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The documented commands that are run, as written, from the repository root. Each must still appear in its
 * document: a command changed there must be changed here too. `ready` marks a server, which passes once that
 * text is printed and then stops on SIGTERM; the others must exit 0 and print `expect`.
 */
export const RUNS = [
  { doc: 'README.md', command: 'npm run monzo -- --help', expect: /Usage: monzo/ },
  { doc: 'README.md', command: 'npm run mock -- --auto-approve', ready: /Ctrl-C stops it/ },
  {
    doc: 'docs/tutorial.md',
    command: 'npm run mock -- --auto-approve --redirect-uri http://127.0.0.1:8080/callback',
    ready: /Ctrl-C stops it/,
  },
  { doc: 'packages/mock/README.md', command: 'npm run mock -- --auto-approve', ready: /Ctrl-C stops it/ },
];

/** The documents whose commands are checked, relative to the root. */
export function docFiles(root) {
  const files = ['README.md', 'CONTRIBUTING.md'];
  const under = (dir) => {
    try {
      return readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const entry of under('docs'))
    if (entry.isFile() && entry.name.endsWith('.md')) files.push(`docs/${entry.name}`);
  for (const dir of ['packages', 'examples']) {
    for (const entry of under(dir)) if (entry.isDirectory()) files.push(`${dir}/${entry.name}/README.md`);
  }
  return files.filter((file) => {
    try {
      readFileSync(join(root, file));
      return true;
    } catch {
      return false;
    }
  });
}

/** Every line of every fenced code block, and every inline code span, with the line number it starts on. */
export function snippets(markdown) {
  const found = [];
  const lines = markdown.split('\n');
  let fence;
  let pending = '';
  lines.forEach((line, index) => {
    if (/^\s*```/.test(line)) {
      fence = fence ? undefined : line;
      return;
    }
    if (fence) {
      // A line ending in a backslash goes on on the next one, as in the shell.
      const text = pending + line.replace(/^\s*\$ /, '');
      if (text.endsWith('\\')) pending = `${text.slice(0, -1)} `;
      else {
        pending = '';
        found.push({ line: index + 1, text });
      }
      return;
    }
    for (const match of line.matchAll(/`([^`]+)`/g)) found.push({ line: index + 1, text: match[1] });
  });
  return found;
}

/** The words of a shell command up to its first operator or comment, quotes removed. */
function words(command) {
  const result = [];
  for (const match of command.matchAll(/"([^"]*)"|'([^']*)'|(#.*$|[;&|()<>]+)|([^\s"';&|()<>]+)/g)) {
    if (match[3] !== undefined) break;
    result.push(match[1] ?? match[2] ?? match[4]);
  }
  return result;
}

/** What an `npx` (or `npm exec`, `bunx`, `pnpm dlx`, `yarn dlx`) would fetch if it is not installed. */
export function fetchedPackages(args) {
  const packages = [];
  let command;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '-p' || arg === '--package') packages.push(args[++index] ?? '');
    else if (arg.startsWith('--package=')) packages.push(arg.slice('--package='.length));
    else if (arg === '--') {
      command = args[index + 1];
      break;
    } else if (!arg.startsWith('-')) {
      command = arg;
      break;
    }
  }
  // Without --package, npx installs the package named like the command.
  return packages.length > 0 ? packages : command ? [command] : [];
}

/** `name` of `name@version` and `@scope/name@version`. */
function packageName(spec) {
  const at = spec.indexOf('@', 1);
  return at === -1 ? spec : spec.slice(0, at);
}

const LAUNCHERS = /(?:^|[\s;&|(`])(npx|bunx|npm\s+exec|pnpm\s+dlx|yarn\s+dlx)\s+(.*)$/;

/**
 * Every launcher in the snippets that could fetch a package other than ours (`monzo-ts`, `@monzo-ts/…`) or one
 * in `allowed` (the dependencies we chose): `npx monzo-mock` would run whatever someone publishes as
 * `monzo-mock`.
 */
export function unsafeLaunches(found, allowed) {
  const problems = [];
  for (const { line, text } of found) {
    const match = LAUNCHERS.exec(text);
    if (!match) continue;
    for (const spec of fetchedPackages(words(match[2] ?? ''))) {
      const name = packageName(spec);
      if (name === 'monzo-ts' || name.startsWith('@monzo-ts/') || allowed.has(name)) continue;
      problems.push({ line, text: text.trim(), name });
    }
  }
  return problems;
}

/** The npm packages the repository depends on: the root's and every workspace package's. */
export function dependencyNames(root) {
  const names = new Set();
  const manifests = [join(root, 'package.json')];
  try {
    for (const dir of readdirSync(join(root, 'packages')))
      manifests.push(join(root, 'packages', dir, 'package.json'));
  } catch {
    // no workspace packages
  }
  for (const file of manifests) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) names.add(name);
    }
  }
  return names;
}

/**
 * The relative links of a document (`[text](path)`) that point at nothing in the repository, or outside it
 * (a folder beside the checkout, which a clone does not have).
 */
export function brokenLinks(root, file, markdown) {
  const broken = [];
  markdown.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = (match[1] ?? '').split('#')[0];
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const path = resolve(root, dirname(file), target);
      const inside = !relative(root, path).startsWith('..');
      if (!inside || !existsSync(path)) broken.push({ line: index + 1, target: match[1] });
    }
  });
  return broken;
}
