import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerWebhooksAdd } from './add.js';
import { registerWebhooksList } from './list.js';
import { registerWebhooksListen } from './listen.js';
import { registerWebhooksRemove } from './remove.js';

const EXAMPLES = `
Monzo sends transaction.created to each URL. It does not sign deliveries: put a long random secret in the URL's
query and check it when a delivery arrives.

Examples:
  $ monzo webhooks list
  $ monzo webhooks add "https://example.com/monzo?secret=$(openssl rand -hex 16)"
  $ monzo webhooks remove webhook_00009…
  $ monzo webhooks listen --forward-to http://localhost:3000/monzo   # until Ctrl-C, like stripe listen`;

/** `monzo webhooks list|add|remove|listen`: the webhooks this app registered on the account, and a local receiver. */
export function registerWebhooks(program: Command, context: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description('list, add and remove the webhooks of an account, or listen to its events here')
    .addHelpText('after', EXAMPLES);
  registerWebhooksList(webhooks, context);
  registerWebhooksAdd(webhooks, context);
  registerWebhooksRemove(webhooks, context);
  registerWebhooksListen(webhooks, context);
}
