import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { maskUrlSecrets } from '../../support/url.js';

/** `monzo webhooks list`: list the webhooks of the account. */
export function registerWebhooksList(webhooks: Command, context: CliContext): void {
  webhooks
    .command('list')
    .description('list the webhooks of the account')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const account = await chooseAccount(client, globals.account);
      const list = await client.webhooks.list(account.id);
      const out = output(context);
      if (globals.json) return out.json(list);
      if (list.length === 0) return out.message(`no webhooks on ${describeAccount(account)}`);
      out.table(
        ['id', 'url'],
        list.map((webhook) => [webhook.id, maskUrlSecrets(webhook.url)]),
      );
    });
}
