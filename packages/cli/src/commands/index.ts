import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAccounts } from './accounts/list.js';
import { registerLogin } from './auth/login.js';
import { registerLogout } from './auth/logout.js';
import { registerWhoami } from './auth/whoami.js';
import { registerBalance } from './balance/show.js';
import { registerCompletion } from './completion/index.js';
import { registerDemo } from './emulator/demo.js';
import { registerMock } from './emulator/mock.js';
import { registerFeed } from './feed/index.js';
import { registerPots } from './pots/index.js';
import { registerSync } from './sync/run.js';
import { registerTransactions } from './transactions/index.js';
import { registerWebhooks } from './webhooks/index.js';

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
  registerSync,
  registerFeed,
  registerWebhooks,
  registerMock,
  registerDemo,
  registerCompletion,
];
