import { type Command, Option } from 'commander';
import { createAuthorizationRequest, exchangeCode, FileTokenStore, type MonzoClient } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { isApproved, waitForApproval } from '../../login/approval.js';
import { completeCallback } from '../../login/callback.js';
import { startCallbackServer } from '../../login/callback-server.js';
import { pages } from '../../login/pages.js';
import { callbackTarget, parseTimeout, seconds } from '../../login/redirect.js';
import { colorsFor, output } from '../../output/output.js';
import { plain } from '../../output/plain.js';
import { assertTokenFileWritable, connect, settings, tokenFile } from '../../support/client.js';
import { globalsOf } from '../../support/globals.js';

const HELP = `
Monzo sends your browser back to MONZO_REDIRECT_URI (default http://127.0.0.1:8080/callback), where this
command listens on loopback for the one callback of this login. It then saves the tokens (mode 0600) and waits
while you approve the login in the Monzo app: until then Monzo gives no data. A login Monzo already gives data
to (an emulator started with --auto-approve) needs no approval: the page and the terminal say so. Once
approved, it syncs your whole history into the local database at once (see \`monzo sync --help\`), as Monzo
gives it only in the 5 minutes after a login; --no-sync skips that.

Needs MONZO_CLIENT_ID and MONZO_CLIENT_SECRET (a confidential client from https://developers.monzo.com, whose
redirect URL is MONZO_REDIRECT_URI), in the environment or in .env.

Examples:
  $ monzo login
  $ monzo login --no-browser          # prints the URL; open it in a browser on this machine
  $ monzo login --timeout 600 --json  # {"user_id": "user_…", "approved": true, "sync": {…}}
  $ monzo login --no-sync

On a remote machine, forward the callback port first: ssh -L 8080:127.0.0.1:8080 host, then monzo login --no-browser.`;

interface LoginOptions {
  browser: boolean;
  timeout: string;
  sync: boolean;
}

/** `monzo login`: the OAuth login in the browser, the tokens saved, then the approval in the Monzo app. */
export function registerLogin(program: Command, context: CliContext): void {
  program
    .command('login')
    .description('log in to Monzo through your browser')
    .option('--no-browser', 'print the login URL instead of opening a browser')
    .option('--no-sync', 'do not sync the local history (`monzo sync`) once approved')
    .addOption(
      // The default as commander shows it: `(default: 300)`, not the string `"300"` it is read as.
      new Option(
        '--timeout <seconds>',
        'how long to wait for the browser, then for the approval in the app',
      ).default('300', '300'),
    )
    .addHelpText('after', HELP)
    .action(async (options: LoginOptions, command: Command) => {
      const globals = globalsOf(command);
      const out = output(context);
      const colors = colorsFor(context, 'stderr');
      // Everything the command line and settings can get wrong is refused before a port is opened.
      const timeoutMs = parseTimeout(options.timeout);
      const { apiUrl, authUrl, clientId, clientSecret, redirectUri } = settings(context, globals);
      if (!clientId || !clientSecret) {
        throw new UsageError(
          'monzo login needs MONZO_CLIENT_ID and MONZO_CLIENT_SECRET (your client at https://developers.monzo.com), in the environment or .env',
        );
      }
      const target = callbackTarget(redirectUri);
      // Before the browser, rather than after Monzo has handed out a login that then cannot be kept.
      await assertTokenFileWritable(context);
      const login = createAuthorizationRequest({ clientId, redirectUri, authUrl });
      let approvedWith: { client: MonzoClient; userId: string; at: Date };

      let warnedStray = false;
      const server = await startCallbackServer(target, {
        state: login.state,
        // Once: anyone can send such requests, and a flood of them must not flood the terminal.
        onStray: () => {
          if (warnedStray) return;
          warnedStray = true;
          out.message(
            `${colors.yellow('!')} ignored a request to ${target.url.host}${target.path} that does not carry this login's state (forged, or from an older login); still waiting`,
          );
        },
        onRepeat: () =>
          out.message(
            `${colors.yellow('!')} refused another request to ${target.url.host}${target.path}: this login has already had its callback`,
          ),
      });
      try {
        const opened = options.browser ? await context.openBrowser(login.url) : false;
        out.message(
          opened
            ? 'Log in to Monzo in the browser window that opened. If none did, open this URL:'
            : 'Open this URL in a browser on this machine to log in to Monzo:',
        );
        out.message(`  ${login.url}`);
        out.message(colors.dim(`Waiting for Monzo to send the browser back to ${redirectUri}…`));

        const callback = await server.next(timeoutMs);
        const outcome = await completeCallback(callback.params, ({ code, state }) =>
          exchangeCode({
            clientId,
            clientSecret,
            apiUrl,
            redirectUri,
            code,
            state,
            expectedState: login.state,
            ...(context.fetch ? { fetch: context.fetch } : {}),
          }),
        );
        if (!outcome.ok) {
          callback.reply(outcome.page);
          throw outcome.error;
        }
        const file = tokenFile(context);
        try {
          await new FileTokenStore(file).set(outcome.tokens);
        } catch (error) {
          callback.reply(pages.failed('the login could not be saved on this computer'));
          throw new CliError(
            `could not save the login: ${(error as Error).message}`,
            'check the folder, then run `monzo login` again',
          );
        }
        const client = await connect(context, globals);
        // Asked before the page is answered, so that it does not send to the app a person with nothing to approve.
        const already = await isApproved(() => client.accounts.list()).catch((error: unknown) => {
          callback.reply(pages.loggedIn(outcome.tokens.user_id, 'unknown'));
          throw error;
        });
        callback.reply(pages.loggedIn(outcome.tokens.user_id, already ? 'approved' : 'pending'));
        const userId = plain(outcome.tokens.user_id ?? 'your user');
        out.message(`${colors.green('✔')} Logged in as ${userId}; the login is saved in ${file}`);
        if (already) {
          out.message(
            `${colors.green('✔')} Monzo already gives data to this login: nothing to approve in the app. Try \`monzo balance\`.`,
          );
        } else {
          out.message(
            `Now approve this login in the Monzo app (Monzo sends a notification to your phone); until then Monzo gives no data.`,
          );
          out.message(colors.dim(`Waiting for the approval (up to ${seconds(timeoutMs)})…`));
          const approved = await waitForApproval(() => client.accounts.list(), { timeoutMs });
          if (!approved) {
            throw new CliError(
              `the login was not approved in the Monzo app within ${seconds(timeoutMs)} (it stays saved)`,
              'approve it in the Monzo app, then run any command (e.g. `monzo accounts`); or run `monzo login` again',
            );
          }
          out.message(`${colors.green('✔')} Approved: you are ready. Try \`monzo balance\`.`);
        }
        // Monzo's 5 minutes of full history run from the approval, seen about now.
        const at = new Date();
        approvedWith = { client, userId: outcome.tokens.user_id ?? (await client.whoami()).user_id, at };
      } finally {
        await server.close();
      }
      // At once: Monzo gives the whole history only in the 5 minutes after the approval.
      // The sync's code (SQLite, the history) is loaded once it is to run: a login's start does without it.
      const synced = options.sync
        ? await (await import('../sync/sync-run.js')).syncAfterLogin(
            context,
            globals,
            approvedWith.client,
            approvedWith.at,
          )
        : undefined;
      if (globals.json)
        out.json({ user_id: approvedWith.userId, approved: true, ...(synced ? { sync: synced } : {}) });
    });
}
