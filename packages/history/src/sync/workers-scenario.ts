/**
 * The test of many sync processes on one history, for any store (workers.test.ts on SQLite,
 * workers.postgres.test.ts on PostgreSQL): four real processes, two logins, killed with SIGKILL at random and
 * restarted, end with every transaction once, as the emulator has it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../../../test/support/bundled.js';
import { openHistory } from '../open.js';

// Enough that each window of a first sync has several pages (and dense ones are split): kills land mid-window.
const PER_ACCOUNT = 3_000;

/** A history the workers share, and what the test reads of it beside them, through its own connection. */
export interface SharedHistory {
  /** What the workers open: a file path or a postgres:// URL. */
  location: string;
  /** Transactions committed so far (0 before the schema exists). */
  held(): Promise<number>;
  /** Rows of `sync_leases` left. */
  leases(): Promise<number>;
  close(): Promise<void>;
}

interface Login {
  mock: MockServer;
  token: string;
}

interface Worker {
  login: Login;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface ScenarioOptions {
  /**
   * Each worker as if on a machine of its own: its lease rows name another host, so a killed worker's accounts
   * are taken over when its lease (a few seconds here) expires by the store's clock, not at once as from a dead
   * process of this machine.
   */
  machines?: boolean | undefined;
}

/** A lease short enough for the test to wait out, long enough to be renewed on a busy machine. */
const MACHINE_LEASE_MS = 3_000;

/** Registers the test on the history `share` gives. */
export function workersScenario(
  name: string,
  share: () => Promise<SharedHistory>,
  options: ScenarioOptions = {},
): void {
  let started = 0;
  const mocks: MockServer[] = [];
  afterAll(async () => {
    await Promise.all(mocks.map((mock) => mock.close()));
  });

  /** An emulator of its own for each login (another seed: another user, other accounts), slowed a little. */
  async function login(seed: number): Promise<Login> {
    const mock = await startMockServer({
      seed,
      transactions: PER_ACCOUNT,
      autoApprove: true,
      tokenTtlSeconds: 86_400,
    });
    mocks.push(mock);
    mock.control.fault({ path: '/transactions', latencyMs: 15 });
    return { mock, token: (await signIn(mock)).access_token };
  }

  const reports: string[] = [];

  function start(location: string, of: Login): Worker {
    // sync-worker.script.ts, bundled once for the run (test/support/bundles.ts): a start in 0.09 s, not 0.35 s.
    const child = spawn(process.execPath, [bundled('history-sync-worker'), location], {
      env: {
        PATH: process.env.PATH ?? '',
        MONZO_API_URL: of.mock.url,
        MONZO_ACCESS_TOKEN: of.token,
        ...(options.machines
          ? { SYNC_MACHINE: `machine-${++started}`, LEASE_TTL_MS: String(MACHINE_LEASE_MS) }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((done) =>
      child.on('close', (code) => {
        if (code !== 0 && code !== null) console.error(stderr);
        // What each finished worker said it did, to read when the count comes out short.
        else if (code === 0) reports.push(`${stdout.trim()} ${stderr.trim()}`);
        done(code);
      }),
    );
    return { login: of, child, exited };
  }

  describe(name, () => {
    it('four processes, two logins, killed at random and restarted: every transaction once, as the emulator has it', async () => {
      const history = await share();
      reports.length = 0;
      try {
        const logins = [await login(1), await login(2)];
        // Two processes per login, so that each account is wanted by two at once.
        let workers = [0, 1, 0, 1].map((n) => start(history.location, logins[n] as Login));
        const total = 4 * PER_ACCOUNT;
        // How much was held at each kill: the kills must land part way through, not only before or after.
        const heldAtKills: number[] = [];
        for (let round = 0; round < 5; round++) {
          // The first kill as soon as a page is in, so that one surely lands part way; the others at random.
          if (round === 0) while ((await history.held()) === 0) await pause(10);
          else await pause(200 + Math.random() * 1_000);
          const running = workers.filter((worker) => worker.child.exitCode === null);
          const victims = running.filter(() => Math.random() < 0.6);
          for (const victim of victims) victim.child.kill('SIGKILL');
          if (victims.length > 0) heldAtKills.push(await history.held());
          await Promise.all(victims.map((victim) => victim.exited));
          workers = workers.map((worker) =>
            victims.includes(worker) ? start(history.location, worker.login) : worker,
          );
        }
        const codes = await Promise.all(workers.map((worker) => worker.exited));
        expect(codes).toEqual([0, 0, 0, 0]);
        expect(heldAtKills[0]).toBeGreaterThan(0);
        expect(heldAtKills[0]).toBeLessThan(total);
        expect(await history.held(), `the workers that finished said:\n${reports.join('\n')}`).toBe(total);

        const reader = await openHistory(history.location, { readOnly: true });
        try {
          for (const { mock, token } of logins) {
            const monzo = new MonzoClient({ apiUrl: mock.url, accessToken: token });
            const { user_id } = mock.control.dataset();
            const accounts = (await reader.accounts({ user_id })).filter((account) => !account.closed);
            expect(accounts).toHaveLength(2);
            for (const account of accounts) {
              const ids: string[] = [];
              for await (const tx of monzo.transactions.iterate({ account_id: account.id })) ids.push(tx.id);
              const held: string[] = [];
              for await (const tx of reader.transactions({ account_id: account.id })) held.push(tx.id);
              expect(held).toHaveLength(PER_ACCOUNT);
              expect(held).toEqual(ids);
              expect((await reader.syncState(account.id))?.full_history).toBe(true);
            }
            // Every window the killed syncs left unread was read by the ones after them.
            expect(await reader.gaps({ user_id })).toEqual([]);
          }
        } finally {
          await reader.close();
        }
        // Every lease was given back, those of the killed processes by the processes that took them over.
        expect(await history.leases()).toBe(0);
      } finally {
        await history.close();
      }
    }, 120_000);
  });
}
