import { chmod, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { FileTokenStore, MonzoAuthenticationError, MonzoTokenStoreError } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, explain } from '../../errors.js';
import { output } from '../../output/output.js';
import { connect, tokenFile } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { type HistoryOutcome, historyMessage, settleHistory } from './history.js';

const EXAMPLES = `
Revokes the stored login at Monzo, then deletes the token file. When no login is stored, it says so and exits 0
(there is nothing to undo), so scripts may call it unconditionally. A MONZO_ACCESS_TOKEN in the environment is
not touched: unset it yourself.

The history \`monzo sync\` saved (MONZO_HISTORY_DB, else $XDG_DATA_HOME/monzo/history.sqlite) is kept, and
the command says so; --forget-history deletes it too. A database you named with \`monzo sync --db\` is yours to delete.

Examples:
  $ monzo logout
  $ monzo logout --forget-history
  $ monzo logout --json   # {"revoked": true, "removed": true, "history": {"file": "…", "removed": false}}`;

interface LogoutOptions {
  forgetHistory?: boolean;
}

/** `monzo logout`: revoke the token, delete the file. */
export function registerLogout(program: Command, context: CliContext): void {
  program
    .command('logout')
    .description('revoke your login and delete it from this computer')
    .option('--forget-history', 'also delete the history `monzo sync` saved on this computer')
    .addHelpText('after', EXAMPLES)
    .action(async (options: LogoutOptions, command: Command) => {
      const globals = globalsOf(command);
      const out = output(context);
      const file = tokenFile(context);
      const store = new FileTokenStore(file);
      // Once the login is dealt with (and only then: a failed logout leaves everything as it was).
      const report = async (revoked: boolean, removed: boolean) => {
        const history: HistoryOutcome = await settleHistory(context, options.forgetHistory === true);
        const line = historyMessage(history);
        if (line) out.message(line);
        if (globals.json) out.json({ revoked, removed, history });
      };
      // A file others could read is refused by every other command; here its login is about to be revoked and the
      // file deleted, which is what such a file calls for, so it is made private first rather than refused.
      await makePrivate(file);
      const stored = await store.get().catch((error: unknown) => {
        if (error instanceof MonzoTokenStoreError) return 'unreadable' as const;
        throw error;
      });
      if (stored === 'unreadable') {
        // Nothing in it can be revoked, and every other command would trip on it.
        await store.clear();
        out.message(`the token file held no readable login; deleted ${file}`);
        return report(false, true);
      }
      if (!stored) {
        const env = context.terminal.env.MONZO_ACCESS_TOKEN
          ? ' (MONZO_ACCESS_TOKEN is set: unset it yourself)'
          : '';
        out.message(`not logged in: no login is stored at ${file}${env}`);
        return report(false, false);
      }
      const client = await connect(context, globals);
      try {
        await client.logout();
      } catch (error) {
        // A token Monzo no longer accepts is as good as revoked: forget it here too.
        if (error instanceof MonzoAuthenticationError) {
          await store.clear();
          out.message(`the login had already expired or been revoked; deleted ${file}`);
          return report(false, true);
        }
        throw new CliError(
          `could not revoke the login at Monzo: ${explain(error).reason}; it is still stored at ${file}`,
          'retry `monzo logout` when Monzo can be reached',
        );
      }
      out.message(`logged out: the login is revoked at Monzo and ${file} is deleted`);
      await report(true, true);
    });
}

/** Takes group and other access away from the token file (through a link, to its target), if it exists. */
async function makePrivate(file: string): Promise<void> {
  const mode = await stat(file).then(
    (stats) => (stats.isFile() ? stats.mode & 0o777 : 0),
    () => 0,
  );
  if (mode & 0o077) await chmod(file, mode & 0o700).catch(() => {});
}
