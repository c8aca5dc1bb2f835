#!/usr/bin/env node
/**
 * Checks the commands the documentation prints (README.md, CONTRIBUTING.md, docs/, every package's and
 * example's README): no `npx` may fetch a package we do not own or depend on, every relative link must lead to a
 * file in the repository, and the commands in `RUNS` must run as written from the repository root. `.ci/run` runs it on its clean clone right after `npm ci`.
 *
 *   node scripts/check-docs.mjs [--root DIR] [--no-run] [--free-ports]
 *
 * `--no-run` checks the `npx` rule only; `--free-ports` adds `--port 0` to the servers it starts, for a machine
 * where 7310 may be taken (the tests use it). Exit 0 when all is well, 1 with each problem on stderr.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brokenLinks, dependencyNames, docFiles, RUNS, snippets, unsafeLaunches } from './docs-commands.mjs';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: resolve(dirname(fileURLToPath(import.meta.url)), '..') },
    'no-run': { type: 'boolean', default: false },
    'free-ports': { type: 'boolean', default: false },
  },
});
const root = resolve(values.root);
const problems = [];

const allowed = dependencyNames(root);
const commandsByDoc = new Map();
for (const file of docFiles(root)) {
  const markdown = readFileSync(join(root, file), 'utf8');
  for (const { line, target } of brokenLinks(root, file, markdown)) {
    problems.push(`${file}:${line}: the link to ${target} leads to nothing in the repository`);
  }
  const found = snippets(markdown);
  commandsByDoc.set(file, new Set(found.map((snippet) => snippet.text.trim().replace(/\s+#.*$/, ''))));
  for (const { line, text, name } of unsafeLaunches(found, allowed)) {
    problems.push(
      `${file}:${line}: \`${text}\` could fetch \`${name}\` from the registry, a package we do not own`,
    );
  }
}
console.log(`check-docs: ${commandsByDoc.size} documents, every npx and every link checked`);

if (!values['no-run']) {
  const ran = new Set();
  for (const run of RUNS) {
    if (!commandsByDoc.get(run.doc)?.has(run.command)) {
      problems.push(
        `${run.doc} no longer shows \`${run.command}\`: update RUNS in scripts/docs-commands.mjs`,
      );
      continue;
    }
    const command = run.ready && values['free-ports'] ? `${run.command} --port 0` : run.command;
    if (ran.has(command)) continue; // the same command in two documents: once is enough
    ran.add(command);
    const outcome = await execute(command, run);
    if (outcome) problems.push(`${run.doc}: \`${command}\` ${outcome}`);
    else console.log(`check-docs: ok  ${command}`);
  }
}

for (const problem of problems) console.error(`check-docs: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);

/** Runs one command in the shell, as a reader would; undefined when it did what it should, else what went wrong. */
function execute(command, { expect, ready }) {
  return new Promise((done) => {
    // Its own process group, so that npm, tsx and the program under them all stop together.
    const child = spawn('sh', ['-c', command], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    const stopAll = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stopAll('SIGKILL');
      done(`did not ${ready ? 'start' : 'finish'} within 90 s:\n${output}`);
    }, 90_000);
    const onOutput = (chunk) => {
      output += chunk;
      if (ready && !started && ready.test(output)) {
        started = true;
        stopAll('SIGTERM');
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (ready)
        return done(started ? undefined : `stopped before it was ready (${code ?? signal}):\n${output}`);
      if (code !== 0) return done(`exited ${code ?? signal}:\n${output}`);
      done(expect && !expect.test(output) ? `did not print ${expect}:\n${output}` : undefined);
    });
  });
}
