import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { connect } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';
import { parseMetadataPairs } from '../../support/metadata.js';
import { ifOutcomeUnknown } from '../../support/outcome.js';

const ANNOTATE_HELP = `
Each KEY=VALUE sets a metadata key; KEY= (nothing after =) deletes it. Setting notes also sets the note.

Example:
  $ monzo transactions annotate tx_00009… notes="team lunch" project=alpha old_key=`;

/** `monzo transactions annotate ID KEY=VALUE…`: sets or deletes metadata keys. */
export function registerTransactionsAnnotate(transactions: Command, context: CliContext): void {
  transactions
    .command('annotate <id> <pairs...>')
    .description('set or delete metadata on a transaction (KEY=VALUE, KEY= deletes)')
    .addHelpText('after', ANNOTATE_HELP)
    .action(async (id: string, pairs: string[], _options: unknown, command: Command) => {
      const metadata = parseMetadataPairs(pairs);
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const transaction = await client.transactions
        .annotate(id, metadata)
        .catch(
          ifOutcomeUnknown(
            'The metadata may or may not have been set.',
            'run the same command again: setting the same values twice is safe',
          ),
        );
      const out = output(context);
      if (globals.json) return out.json(transaction);
      out.message(`annotated ${transaction.id}`);
      const entries = Object.entries(transaction.metadata ?? {});
      if (entries.length > 0)
        out.text(entries.map(([key, value]) => `${plain(key)}=${plain(value)}`).join('\n'));
    });
}
