import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAccounts } from './accounts.js';
import { registerBalance } from './balance.js';
import { registerDemo } from './demo.js';
import { registerFeed } from './feed.js';
import { registerLogin } from './login.js';
import { registerLogout } from './logout.js';
import { registerMock } from './mock.js';
import { registerPots } from './pots.js';
import { registerTransactions } from './transactions.js';
import { registerWebhooks } from './webhooks.js';
import { registerWhoami } from './whoami.js';

/** Adds one command (and its subcommands) to the program. */
export type Register = (program: Command, context: CliContext) => void;

/** Every command, in the order `monzo --help` lists them. */
export const commands: Register[] = [
  registerLogin,
  registerWhoami,
  registerLogout,
  registerAccounts,
  registerBalance,
  registerPots,
  registerTransactions,
  registerFeed,
  registerWebhooks,
  registerMock,
  registerDemo,
];
