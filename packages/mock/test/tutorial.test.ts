import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { submitConsent } from '../src/consent.js';
import { type MockServer, startMockServer } from '../src/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

/** The tutorial's TypeScript blocks, in order: together they are one program. */
async function tutorialProgram(): Promise<string> {
  const text = await readFile(join(ROOT, 'docs/tutorial.md'), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  if (blocks.length < 5) throw new Error('docs/tutorial.md has fewer TypeScript blocks than expected');
  return blocks.join('\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('docs/tutorial.md', () => {
  let mock: MockServer;
  let folder: string;
  let redirectUri: string;

  beforeAll(async () => {
    redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    mock = await startMockServer({ redirectUris: [redirectUri], transactions: 120 });
    // Inside the repository, so that `import 'monzo-ts'` resolves through the workspace as an installed package.
    folder = await mkdtemp(join(ROOT, 'packages/mock/.tutorial-'));
  });
  afterAll(async () => {
    await mock?.close();
    await rm(folder, { recursive: true, force: true });
  });

  // Two programs on a loaded machine (CI's 2 cores): tsc on the tutorial, then the tutorial under tsx.
  const slow = { timeout: 60_000 };

  it('type-checks as a user following it would', slow, async () => {
    await writeFile(join(folder, 'tutorial.ts'), await tutorialProgram());
    await writeFile(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], module: 'NodeNext', target: 'ES2022' },
        files: ['tutorial.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const checked = await run(process.execPath, [tsc, '-p', folder]).then(
      () => '',
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    expect(checked, 'tsc on the tutorial (the packages must be built: npm run build)').toBe('');
  });

  it('runs as one program against the emulator, as a user following it would', slow, async () => {
    const script = join(folder, 'tutorial.ts');
    await writeFile(script, await tutorialProgram());
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: folder,
      env: {
        PATH: process.env.PATH,
        MONZO_CLIENT_ID: mock.clientId,
        MONZO_CLIENT_SECRET: mock.clientSecret,
        MONZO_REDIRECT_URI: redirectUri,
        MONZO_API_URL: mock.url,
        MONZO_AUTH_URL: mock.url,
        MONZO_TOKEN_FILE: join(folder, 'tokens.json'),
      },
    });
    // Whatever the outcome (a timeout included), the program does not outlive its test.
    onTestFinished(() => {
      child.kill();
    });
    let stdout = '';
    let stderr = '';
    let browsed: Promise<Response> | undefined;
    let approved = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // Play the user: open the login URL (the whole line: a pipe may hand it over in two chunks) and allow
      // access, then approve in the "app" when asked.
      const login = /Open this URL to log in: (\S+)\n/.exec(stdout);
      if (login?.[1] && !browsed) browsed = submitConsent(login[1], 'allow').then(browse);
      if (!approved && stdout.includes('Approve this login in the Monzo app')) {
        approved = true;
        mock.control.approve();
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect((await browsed)?.ok).toBe(true);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(approved).toBe(true);
    expect(stdout).toMatch(/Logged in as user_/);
    expect(stdout).toMatch(/Balance: £[\d,]+\.\d{2}/);
    expect(stdout).toMatch(/Pot /);
    expect(stdout).toMatch(/\d+ transactions in the last 30 days/);
  });
});

/**
 * The browser's visit to the callback. The program prints the URL before its one-shot server listens: a person
 * takes seconds to get there, this test milliseconds, so a refused connection is tried again for a while.
 */
async function browse(location: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(location);
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (!refused || attempt === 50) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}
