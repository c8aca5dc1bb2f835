import type { Register } from './index.js';

/** A command as `monzo --help` lists it, and how to load its definition and code once it is the one that runs. */
export interface CatalogueEntry {
  /** Its line in `monzo --help`: the name, then `[options]` and its arguments, as commander writes them. */
  term: string;
  description: string;
  load(): Promise<Register>;
}

/**
 * Every command, in the order `monzo --help` lists them. A start loads the code of the one command it runs; the
 * others are only their line of help. `load-program.test.ts` holds each line to the command's own definition.
 */
export const catalogue: CatalogueEntry[] = [
  {
    term: 'login [options]',
    description: 'log in to Monzo through your browser',
    load: async () => (await import('./auth/login.js')).registerLogin,
  },
  {
    term: 'whoami',
    description: 'show the Monzo user and client you are logged in as',
    load: async () => (await import('./auth/whoami.js')).registerWhoami,
  },
  {
    term: 'logout [options]',
    description: 'revoke your login and delete it from this computer',
    load: async () => (await import('./auth/logout.js')).registerLogout,
  },
  {
    term: 'accounts',
    description: 'list your accounts',
    load: async () => (await import('./accounts/list.js')).registerAccounts,
  },
  {
    term: 'balance',
    description: 'show the balance of an account (the open personal one unless --account says)',
    load: async () => (await import('./balance/show.js')).registerBalance,
  },
  {
    term: 'pots [options]',
    description: 'list your pots, or move money into and out of them',
    load: async () => (await import('./pots/index.js')).registerPots,
  },
  {
    term: 'transactions [options]',
    description: 'list recent transactions; annotate or export them',
    load: async () => (await import('./transactions/index.js')).registerTransactions,
  },
  {
    term: 'sync [options]',
    description: 'keep your whole history in a local SQLite database, past the 90 days Monzo shows',
    load: async () => (await import('./sync/run.js')).registerSync,
  },
  {
    term: 'feed',
    description: "post items to your account's feed in the Monzo app",
    load: async () => (await import('./feed/index.js')).registerFeed,
  },
  {
    term: 'webhooks',
    description: 'list, add and remove the webhooks of an account, or listen to its events here',
    load: async () => (await import('./webhooks/index.js')).registerWebhooks,
  },
  {
    term: 'mock [options]',
    description: 'run the Monzo API emulator on loopback, for trying the CLI and for tests',
    load: async () => (await import('./emulator/mock.js')).registerMock,
  },
  {
    term: 'demo',
    description: 'run the whole flow against an in-process Monzo emulator, checking each step',
    load: async () => (await import('./emulator/demo.js')).registerDemo,
  },
  {
    term: 'completion <shell>',
    description: 'print a completion script for bash, zsh or fish',
    load: async () => (await import('./completion/index.js')).registerCompletion,
  },
];

/** The word that runs the command: `pots` for `pots`, `login` for `login [options]`. */
export function nameOf(entry: CatalogueEntry): string {
  return entry.term.split(' ', 1)[0] as string;
}
