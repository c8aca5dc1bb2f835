/** For the fetch tests: an emulator on a loopback socket, logins to it, and what it holds to compare with. */
import { type MockOptions, type MockServer, signIn, startMockServer } from '@monzo-ts/mock';
import { MonzoClient } from 'monzo-ts';
import type { Cursor, FetchWindow, Page } from './types.js';

const MINUTE = 60_000;

/** One answer the client received: when (the emulator's clock) and its status. */
export interface Answer {
  at: number;
  status: number;
}

export interface FetchSetup {
  mock: MockServer;
  /** The personal account: its id and when it was opened. */
  account_id: string;
  created: string;
  /** Every answer received by any client of this setup, in order. */
  answers: Answer[];
  /** A client for a fresh login, approved now: the whole history is readable for 5 minutes. */
  login(): Promise<MonzoClient>;
  /** Every transaction of the account, oldest first, read by the SDK's sequential `iterate` on a fresh login. */
  sequential(): Promise<Page>;
  /** Moves the emulator's clock past the 5 minutes of full history. */
  closeWindow(): void;
  close(): Promise<void>;
}

/** An emulator with `transactions` per account; tokens outlive any clock move of a test. */
export async function fetchSetup(options: MockOptions = {}): Promise<FetchSetup> {
  const mock = await startMockServer({ tokenTtlSeconds: 400 * 86_400, ...options });
  const personal = mock.control.dataset().accounts.find((account) => account.type === 'uk_retail');
  if (!personal) throw new Error('the emulator has no personal account');
  const answers: Answer[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    answers.push({ at: mock.control.now(), status: response.status });
    return response;
  };
  const login = async () =>
    new MonzoClient({
      apiUrl: mock.url,
      authUrl: mock.url,
      fetch: recording,
      tokens: await signIn(mock),
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
    });
  const reader = await login();
  const account = (await reader.accounts.list()).find((item) => item.id === personal.id);
  if (!account) throw new Error('the personal account is not listed');
  return {
    mock,
    account_id: account.id,
    created: account.created,
    answers,
    login,
    sequential: async () => {
      const client = await login();
      const all: Page = [];
      for await (const tx of client.transactions.iterate({ account_id: account.id, expand: ['merchant'] })) {
        all.push(tx);
      }
      return all;
    },
    closeWindow: () => mock.control.advanceTime(6 * MINUTE),
    close: () => mock.close(),
  };
}

/**
 * What a store would keep of a walk: every page's transactions by id (and how often each came), and each
 * window as last reported, by its `from` (what a killed walk resumes from).
 */
export class PageRecorder {
  readonly byId = new Map<string, Page[number]>();
  readonly times = new Map<string, number>();
  readonly windows = new Map<string, FetchWindow>();
  pages = 0;

  onPage = (window: FetchWindow, transactions: Page, cursor: Cursor | undefined): void => {
    this.pages++;
    if (cursor?.id !== window.cursor?.id) throw new Error('the cursor handed on is not the window’s');
    this.windows.set(window.from, window);
    for (const tx of transactions) {
      this.byId.set(tx.id, tx);
      this.times.set(tx.id, (this.times.get(tx.id) ?? 0) + 1);
    }
  };

  onSplit = (parent: FetchWindow, child: FetchWindow): void => {
    this.windows.set(parent.from, parent);
    this.windows.set(child.from, child);
  };

  /** The ids held, oldest first. */
  ids(): string[] {
    return [...this.byId.values()]
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || a.id.localeCompare(b.id))
      .map((tx) => tx.id);
  }
}
