import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';

const EXAMPLES = `
ID is a webhook's id, as \`monzo webhooks list\` shows it.

Examples:
  $ monzo webhooks remove webhook_00009…
  $ monzo webhooks list --json | jq -r '.[].id' | xargs -n 1 monzo webhooks remove   # all of them`;

/** `monzo webhooks remove`: remove a webhook; no more deliveries follow. */
export function registerWebhooksRemove(webhooks: Command, context: CliContext): void {
  webhooks
    .command('remove <id>')
    .description('remove a webhook; no more deliveries follow')
    .addHelpText('after', EXAMPLES)
    .action(async (id: string, _options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      await client.webhooks.delete(id);
      const out = output(context);
      if (globals.json) return out.json({ id, removed: true });
      out.message(`removed ${id}`);
    });
}
