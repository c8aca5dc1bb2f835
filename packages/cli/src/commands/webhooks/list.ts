import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { maskUrlSecrets } from '../../support/url.js';

const EXAMPLES = `
URLs are shown with their query values and password as *** (with --json too): a webhook's secret lives there,
since Monzo does not sign deliveries, and it never reaches the terminal. It is not needed again: to change it,
remove the webhook and add it with a new one.

Examples:
  $ monzo webhooks list
  $ monzo webhooks list --account joint --json | jq -r '.[].id'`;

/** `monzo webhooks list`: list the webhooks of the account, their secrets masked. */
export function registerWebhooksList(webhooks: Command, context: CliContext): void {
  webhooks
    .command('list')
    .description('list the webhooks of the account')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const account = await chooseAccount(client, globals.account);
      const list = (await client.webhooks.list(account.id)).map((webhook) => ({
        ...webhook,
        url: maskUrlSecrets(webhook.url),
      }));
      const out = output(context);
      if (globals.json) return out.json(list);
      if (list.length === 0) return out.message(`no webhooks on ${describeAccount(account)}`);
      out.table(
        ['id', 'url'],
        list.map((webhook) => [plain(webhook.id), plain(webhook.url)]),
      );
    });
}
