import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { output } from '../output/output.js';
import { chooseAccount, describeAccount } from '../support/account.js';
import { connect } from '../support/client.js';
import { globalsOf } from '../support/globals.js';
import { requireWebUrl } from '../support/url.js';

const EXAMPLES = `
Monzo sends transaction.created to each URL. It does not sign deliveries: put a long random secret in the URL's
query and check it when a delivery arrives.

Examples:
  $ monzo webhooks list
  $ monzo webhooks add "https://example.com/monzo?secret=$(openssl rand -hex 16)"
  $ monzo webhooks remove webhook_00009…`;

/** `monzo webhooks list|add|remove`: the webhooks this app registered on the account. */
export function registerWebhooks(program: Command, context: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description('list, add and remove the webhooks of an account')
    .addHelpText('after', EXAMPLES);

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
        list.map((webhook) => [webhook.id, webhook.url]),
      );
    });

  webhooks
    .command('add <url>')
    .description('register a URL to receive transaction.created events')
    .action(async (url: string, _options: unknown, command: Command) => {
      requireWebUrl('URL', url);
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const account = await chooseAccount(client, globals.account);
      const webhook = await client.webhooks.create({ account_id: account.id, url });
      const out = output(context);
      if (globals.json) return out.json(webhook);
      out.data(webhook.id);
      out.message(`added: ${describeAccount(account)} now sends transaction.created to that URL`);
    });

  webhooks
    .command('remove <id>')
    .description('remove a webhook; no more deliveries follow')
    .action(async (id: string, _options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      await client.webhooks.delete(id);
      const out = output(context);
      if (globals.json) return out.json({ id, removed: true });
      out.message(`removed ${id}`);
    });
}
