import type { Command } from 'commander';
import { FileTokenStore } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { connect, tokenFile } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';

const EXAMPLES = `
Works before the login is approved in the Monzo app.

Examples:
  $ monzo whoami
  $ monzo whoami --json | jq -r .user_id`;

/** `monzo whoami`: the user and the client of the login in use. */
export function registerWhoami(program: Command, context: CliContext): void {
  program
    .command('whoami')
    .description('show the Monzo user and client you are logged in as')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => {
      const globals = globalsOf(command);
      const client = await connect(context, globals);
      const me = await client.whoami();
      const out = output(context);
      if (globals.json) {
        return out.json({ user_id: me.user_id, client_id: me.client_id, authenticated: me.authenticated });
      }
      // connect() prefers the stored login, so its presence says which one answered.
      const file = tokenFile(context);
      const source = (await new FileTokenStore(file).get()) ? file : 'MONZO_ACCESS_TOKEN (environment)';
      out.text(`user    ${plain(me.user_id)}\nclient  ${plain(me.client_id)}\nlogin   ${source}`);
    });
}
