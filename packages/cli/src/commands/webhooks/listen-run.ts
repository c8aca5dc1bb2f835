import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Account, MonzoClient } from 'monzo-ts';
import type { CliContext } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { output } from '../../output/output.js';
import { chooseAccount, describeAccount } from '../../support/account.js';
import { connect, settings } from '../../support/client.js';
import { type GlobalOptions, globalsOf } from '../../support/globals.js';
import { untilSignal } from '../../support/signals.js';
import { maskUrlSecrets, requireWebUrl } from '../../support/url.js';
import type { ListenFlags } from './listen.js';
import { describeEvent, describeForward, redeliveryMark, startReceiver } from './listen-receiver.js';

/** Checks every flag, then receives the account's events until a signal stops it. */
export async function runListen(flags: ListenFlags, command: Command, context: CliContext): Promise<void> {
  // Every flag is checked before anything is sent or started.
  const port = parsePort(flags.port);
  const forwardTo =
    flags.forwardTo === undefined ? undefined : requireWebUrl('--forward-to', flags.forwardTo);
  const publicUrl =
    flags.publicUrl === undefined ? undefined : requireWebUrl('--public-url', flags.publicUrl);
  // Listening for signals first: a Ctrl-C during setup still removes a webhook registered meanwhile.
  const stop = untilSignal();
  try {
    await listen({ context, globals: globalsOf(command), port, forwardTo, publicUrl, stop: stop.signal });
  } finally {
    stop.release();
  }
}

interface ListenRun {
  context: CliContext;
  globals: GlobalOptions;
  port: number;
  forwardTo: string | undefined;
  publicUrl: string | undefined;
  stop: Promise<NodeJS.Signals>;
}

async function listen(run: ListenRun): Promise<void> {
  const { context, globals, forwardTo } = run;
  const out = output(context);
  const client = await connect(context, globals);
  const account = await chooseAccount(client, globals.account);
  // Monzo does not sign deliveries: this secret, in the registered URL only, is what tells them from a stranger's.
  const secret = randomBytes(24).toString('hex');
  const shownForward = forwardTo === undefined ? '' : maskUrlSecrets(forwardTo);
  const receiver = await startReceiver({
    port: run.port,
    secret,
    forwardTo,
    onEvent: (event, delivery) => {
      const mark = redeliveryMark(delivery);
      const line = mark ? `${describeEvent(event, new Date())}  ${mark}` : describeEvent(event, new Date());
      // --json prints the event exactly as received, as an app would get it; a retry is marked on stderr.
      if (!globals.json) out.text(line);
      else {
        out.data(JSON.stringify(event));
        if (mark) out.message(line);
      }
    },
    onForward: (_, result) => {
      const line = `  ${describeForward(shownForward, result)}`;
      if (globals.json) out.message(line.trim());
      else out.text(line);
    },
    onRefused: (status, reason) => out.message(`refused a delivery: ${status} ${reason}`),
  });
  let webhookId: string | undefined;
  try {
    const url = withSecret(run.publicUrl ?? `${receiver.origin}/monzo`, secret);
    webhookId = (await client.webhooks.create({ account_id: account.id, url })).id;
    out.message(readyMessage(account, receiver.origin, maskUrlSecrets(url), webhookId, shownForward));
    if (!run.publicUrl && !isLoopback(settings(context, globals).apiUrl)) {
      out.message('note: Monzo cannot reach 127.0.0.1; expose the port with a tunnel and pass --public-url');
    }
    const signal = await run.stop;
    out.message(`monzo webhooks listen: ${signal}, stopping`);
  } finally {
    try {
      if (webhookId) await removeWebhook(client, webhookId, out);
    } finally {
      await receiver.close();
    }
  }
}

/** Removes the webhook, so that Monzo stops calling a receiver that is gone. */
async function removeWebhook(client: MonzoClient, id: string, out: ReturnType<typeof output>): Promise<void> {
  try {
    await client.webhooks.delete(id);
    out.message(`removed webhook ${id}`);
  } catch (error) {
    throw new CliError(
      `could not remove webhook ${id}: ${error instanceof Error ? error.message : String(error)}`,
      `remove it with \`monzo webhooks remove ${id}\``,
    );
  }
}

function readyMessage(account: Account, origin: string, url: string, id: string, forwardTo: string): string {
  const then = forwardTo ? `forwarding each event to ${forwardTo}` : 'printing each event';
  return [
    `Ready: listening on ${origin}, ${then}.`,
    `${describeAccount(account)} sends its events to ${url} (webhook ${id}).`,
    'Ctrl-C stops, and removes the webhook.',
  ].join('\n');
}

/** The URL with the secret in its `secret` query parameter, which the SDK's handler checks. */
function withSecret(base: string, secret: string): string {
  const url = new URL(base);
  url.searchParams.set('secret', secret);
  return url.href;
}

function isLoopback(apiUrl: string): boolean {
  const host = URL.canParse(apiUrl) ? new URL(apiUrl).hostname : '';
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port: ${JSON.stringify(text)} is not a port number (0 to 65535)`);
  }
  return port;
}
