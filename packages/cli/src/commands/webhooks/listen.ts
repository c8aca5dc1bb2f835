import type { Command } from 'commander';
import type { CliContext } from '../../context.js';

const EXAMPLES = `
Like \`stripe listen\`: starts a receiver on 127.0.0.1 with a random secret in its URL, registers that URL as a
webhook of the account (--account, default personal), prints each event as it arrives (one JSON object per line
with --json) or forwards its body unchanged with --forward-to, and removes the webhook when stopped with Ctrl-C
(SIGINT) or SIGTERM. Closing stdin does not stop it. Status messages go to stderr; stdout carries only events.

Monzo's servers cannot reach 127.0.0.1: against the real API, expose --port with a tunnel and pass the tunnel's
URL as --public-url (the secret is added to its query). The emulator (\`monzo mock\`) delivers to loopback.
When forwarding, an app that fails (not 2xx) makes the delivery fail too, so Monzo retries it. A retried event
(the same type and id again) is marked "(redelivered: delivery 2 of this event)"; with --json, stdout keeps
each event exactly as received and the mark goes to stderr.

Examples:
  $ monzo webhooks listen
  $ monzo webhooks listen --json | jq --unbuffered .data.amount   # in pence, as Monzo sends it
  $ monzo webhooks listen --forward-to http://localhost:3000/monzo
  $ monzo webhooks listen --port 8787 --public-url https://my-tunnel.example/monzo`;

export interface ListenFlags {
  forwardTo?: string;
  port?: string;
  publicUrl?: string;
}

/** `monzo webhooks listen`: receive the account's events here until Ctrl-C, then remove the webhook. */
export function registerWebhooksListen(webhooks: Command, context: CliContext): void {
  webhooks
    .command('listen')
    .description('receive the account’s events here until Ctrl-C: print them, or forward them to your app')
    .option(
      '--forward-to <url>',
      'POST each event’s body unchanged to this URL, and print the answer’s status',
    )
    .option('--port <n>', 'the port on 127.0.0.1 to receive on (default: a free one)')
    .option('--public-url <url>', 'the URL Monzo is to call instead, e.g. a tunnel to --port')
    .addHelpText('after', EXAMPLES)
    // The receiver's code (an HTTP server, the SDK's webhook handler) is loaded when it runs, not for the other
    // webhooks commands.
    .action(async (flags: ListenFlags, command: Command) =>
      (await import('./listen-run.js')).runListen(flags, command, context),
    );
}
