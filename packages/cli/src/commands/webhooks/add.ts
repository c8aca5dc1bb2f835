import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { ifOutcomeUnknown } from '../../support/outcome.js';
import { maskUrlSecrets, requireWebUrl } from '../../support/url.js';

const EXAMPLES = `
Monzo does not sign deliveries: put a long random secret in the URL's query and check it when a delivery
arrives. The URL is never printed back with its secret (query values show as ***).

Examples:
  $ monzo webhooks add "https://example.com/monzo?secret=$(openssl rand -hex 16)"
  $ monzo webhooks add https://example.com/monzo --account joint --json`;

/** Monzo calls the URL as registered: a literal `+` reaches the receiver as `+`, which many servers read as a space. */
const PLUS_NOTE =
  'note: the query has a "+", which many servers read as a space (monzo-ts’s webhook handler reads it as "+"); ' +
  'for a secret, hex is safest: openssl rand -hex 32';

/** `monzo webhooks add`: register a URL to receive transaction.created events. */
export function registerWebhooksAdd(webhooks: Command, context: CliContext): void {
  webhooks
    .command('add <url>')
    .description('register a URL to receive transaction.created events')
    .addHelpText('after', EXAMPLES)
    .action(async (url: string, _options: unknown, command: Command) => {
      requireWebUrl('URL', url);
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const account = await chooseAccount(client, globals.account);
      const webhook = await client.webhooks
        .create({ account_id: account.id, url })
        .catch(
          ifOutcomeUnknown(
            'The webhook may or may not have been added.',
            `run \`monzo webhooks list --account ${account.id}\` before adding it again: adding it again may register it twice`,
          ),
        );
      const out = output(context);
      if (globals.json) out.json({ ...webhook, url: maskUrlSecrets(webhook.url) });
      else {
        out.data(webhook.id);
        out.message(`added: ${describeAccount(account)} now sends transaction.created to that URL`);
      }
      if (new URL(url).search.includes('+')) out.message(PLUS_NOTE);
    });
}
