import { type CatalogueLine, catalogue, nameOf } from './catalogue.js';
import type { Register } from './index.js';

/** A command of the catalogue, and how to load its definition and code once it is the one that runs. */
export interface CatalogueEntry extends CatalogueLine {
  load(): Promise<Register>;
}

/**
 * How each command is loaded, by name. Apart from the catalogue, which `monzo --help` reads before anything is
 * loaded: what bundles the catalogue must not take in every command's code with it.
 */
export const loaders: Record<string, () => Promise<Register>> = {
  login: async () => (await import('./auth/login.js')).registerLogin,
  whoami: async () => (await import('./auth/whoami.js')).registerWhoami,
  logout: async () => (await import('./auth/logout.js')).registerLogout,
  accounts: async () => (await import('./accounts/list.js')).registerAccounts,
  balance: async () => (await import('./balance/show.js')).registerBalance,
  pots: async () => (await import('./pots/index.js')).registerPots,
  transactions: async () => (await import('./transactions/index.js')).registerTransactions,
  sync: async () => (await import('./sync/run.js')).registerSync,
  feed: async () => (await import('./feed/index.js')).registerFeed,
  webhooks: async () => (await import('./webhooks/index.js')).registerWebhooks,
  mock: async () => (await import('./emulator/mock.js')).registerMock,
  demo: async () => (await import('./emulator/demo.js')).registerDemo,
  completion: async () => (await import('./completion/index.js')).registerCompletion,
};

/** Every command, in the order of the catalogue, each with the way to load it. */
export const commandEntries: readonly CatalogueEntry[] = catalogue.map((line) => {
  const load = loaders[nameOf(line)];
  if (!load) throw new Error(`commands/loaders.ts has no loader for \`${nameOf(line)}\``);
  return { ...line, load };
});
