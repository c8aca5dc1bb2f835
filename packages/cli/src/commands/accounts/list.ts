import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';

const EXAMPLES = `
Examples:
  $ monzo accounts
  $ monzo accounts --json | jq '.[].id'`;

/** `monzo accounts`: every account of the login, closed ones marked. */
export function registerAccounts(program: Command, context: CliContext): void {
  program
    .command('accounts')
    .description('list your accounts')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const accounts = await client.accounts.list();
      const out = output(context);
      if (globals.json) return out.json(accounts);
      out.table(
        ['id', 'type', 'owner', 'sort code', 'account no.', 'status'],
        accounts.map((account) => [
          account.id,
          plain(account.type ?? ''),
          plain(account.owners?.map((owner) => owner.preferred_name).join(' & ') ?? ''),
          account.sort_code ?? '',
          account.account_number ?? '',
          account.closed ? 'closed' : 'open',
        ]),
      );
    });
}
