import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, transformSync } from 'esbuild';
import { pack, packageDir, run } from './packing.js';
import { cleanEnv, type NODE_MAJORS, nodeFor, REPO_ROOT, runtimeBinary } from './runtimes.js';

/** Where each runtime reaches the emulator, and as whom. */
export interface SmokeTarget {
  url: string;
  clientId: string;
  clientSecret: string;
}

export type SmokeRuntime = `node${(typeof NODE_MAJORS)[number]}` | 'bun' | 'deno' | 'workerd';

const MAIN = `import { smoke } from './runtime-smoke.mjs';
const target = globalThis.Deno ? Deno.env.get('MONZO_SMOKE') : process.env.MONZO_SMOKE;
console.log(JSON.stringify(await smoke(JSON.parse(target))));
`;

// workerd runs the \`test\` handler of each worker and exits: no socket of its own to serve.
const WORKER = `import { smoke } from './runtime-smoke.mjs';
export default {
  async test(_controller, env) {
    console.log(JSON.stringify(await smoke(JSON.parse(env.MONZO_SMOKE))));
  },
};
`;

// Workers may fetch only public addresses by default ("connecting to 127.0.0.1 is not allowed"); the emulator
// is on loopback, so the worker's global outbound is a network service that allows local addresses too.
const WORKERD_CONFIG = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "smoke", worker = .smoke),
    (name = "loopback", network = (allow = ["local"])),
  ],
);
const smoke :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-01-01",
  bindings = [(name = "MONZO_SMOKE", fromEnvironment = "MONZO_SMOKE")],
  globalOutbound = "loopback",
);
`;

/**
 * A user's project with `monzo-ts` installed from its packed tarball, holding the smoke script and an entry for
 * each runtime; for workerd, the worker bundled by esbuild as `wrangler` would bundle it.
 */
export function createSmokeProject(work: string): string {
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'smoke', private: true, type: 'module' }),
  );
  run('npm', ['install', pack('sdk', work).tarball, '--no-audit', '--no-fund'], project);
  const consent = readFileSync(join(packageDir('mock'), 'src', 'consent.ts'), 'utf8');
  writeFileSync(join(project, 'consent.mjs'), transformSync(consent, { loader: 'ts', format: 'esm' }).code);
  copyFileSync(
    join(REPO_ROOT, 'packages/sdk/test/support/runtime-smoke.mjs'),
    join(project, 'runtime-smoke.mjs'),
  );
  writeFileSync(join(project, 'main.mjs'), MAIN);
  writeFileSync(join(project, 'worker-entry.mjs'), WORKER);
  buildSync({
    absWorkingDir: project,
    entryPoints: ['worker-entry.mjs'],
    outfile: 'worker.js',
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // Only the file token store loads them, lazily; the smoke never does.
    external: ['node:*'],
    logLevel: 'silent',
  });
  writeFileSync(join(project, 'config.capnp'), WORKERD_CONFIG);
  return project;
}

/** The command that runs the smoke under `runtime` in `project`. */
function command(
  runtime: SmokeRuntime,
  work: string,
): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env = { ...cleanEnv(), DO_NOT_TRACK: '1', NO_COLOR: '1' };
  switch (runtime) {
    case 'bun':
      return { file: runtimeBinary('bun'), args: ['main.mjs'], env };
    case 'deno':
      return {
        file: runtimeBinary('deno'),
        args: ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env=MONZO_SMOKE', 'main.mjs'],
        env: { ...env, DENO_DIR: join(work, 'deno'), DENO_NO_UPDATE_CHECK: '1' },
      };
    case 'workerd':
      return { file: runtimeBinary('workerd'), args: ['test', 'config.capnp'], env };
    default:
      return { file: nodeFor(Number(runtime.slice('node'.length))), args: ['main.mjs'], env };
  }
}

/**
 * Runs the smoke under `runtime` against the emulator and returns its report; fails with all it printed.
 * Asynchronous, as the emulator runs in this process and must go on answering while the child runs.
 */
export async function runSmoke(
  runtime: SmokeRuntime,
  work: string,
  target: SmokeTarget,
): Promise<Record<string, unknown>> {
  const { file, args, env } = command(runtime, work);
  const { status, stdout, stderr } = await new Promise<{
    status: number | string;
    stdout: string;
    stderr: string;
  }>((done, fail) => {
    const child = spawn(file, args, {
      cwd: join(work, 'project'),
      env: { ...env, MONZO_SMOKE: JSON.stringify(target) },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done({ status: code ?? signal ?? 'unknown', stdout: out, stderr: err }),
    );
  });
  const report = stdout
    .split('\n')
    .reverse()
    .find((line) => line.startsWith('{'));
  if (status !== 0 || !report) {
    throw new Error(`the smoke under ${runtime} failed (exit ${status}):\n${stdout}\n${stderr}`);
  }
  return JSON.parse(report) as Record<string, unknown>;
}
