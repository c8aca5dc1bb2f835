import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { ifOutcomeUnknown } from '../../support/outcome.js';

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
      await client.webhooks
        .delete(id)
        .catch(
          ifOutcomeUnknown(
            'The webhook may or may not have been removed.',
            'run the same command again: removing twice is safe (then "not found" means it is gone)',
          ),
        );
      const out = output(context);
      if (globals.json) return out.json({ id, removed: true });
      out.message(`removed ${id}`);
    });
}
