import { fail, json, readForm, readJson, required } from '../core/http.js';
import type { Route, RouteContext } from '../core/router.js';
import { caller, emptyOk, ownAccount } from './access.js';
import { attachmentRoutes } from './attachment-routes.js';
import type { MockWebhook } from './extras.js';
import { parseFeedForm } from './feed.js';
import { parseReceipt } from './receipts.js';

/** Feed items, receipts and webhooks (monzo-api.md §5.9, §5.13–5.18); attachments are in `attachment-routes.ts`. */

async function createFeedItem(context: RouteContext): Promise<Response> {
  const form = await readForm(context.request);
  const accountId = required(form, 'account_id');
  ownAccount(context, accountId);
  const item = parseFeedForm(form);
  context.world.extras.addFeedItem({
    account_id: accountId,
    ...item,
    client_id: caller(context).clientId,
    created: new Date(context.world.clock.now()).toISOString(),
  });
  return json({});
}

/** Creates or replaces (same `external_id`, same client) a receipt; 200 with an empty body (monzo-api.md §11). */
async function putReceipt(context: RouteContext): Promise<Response> {
  const { world } = context;
  const receipt = parseReceipt(await readJson(context.request));
  const transaction = world.bank.findTransaction(receipt.transaction_id);
  if (!transaction) throw fail.notFound('transaction');
  ownAccount(context, transaction.account_id);
  world.extras.putReceipt(caller(context).clientId, receipt);
  return emptyOk();
}

function getReceipt(context: RouteContext): Response {
  const externalId = required(context.url.searchParams, 'external_id');
  const receipt = context.world.extras.getReceipt(caller(context).clientId, externalId);
  if (!receipt) throw fail.notFound('receipt');
  return json({ receipt });
}

function deleteReceipt(context: RouteContext): Response {
  const externalId = required(context.url.searchParams, 'external_id');
  if (!context.world.extras.deleteReceipt(caller(context).clientId, externalId))
    throw fail.notFound('receipt');
  return json({});
}

async function createWebhook(context: RouteContext): Promise<Response> {
  const form = await readForm(context.request);
  const accountId = required(form, 'account_id');
  const url = required(form, 'url');
  ownAccount(context, accountId);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw fail.badParam('url', 'url must be an absolute http or https URL');
  }
  const webhook = context.world.extras.addWebhook(caller(context).clientId, accountId, url);
  return json({ webhook: shown(webhook) });
}

function listWebhooks(context: RouteContext): Response {
  const accountId = required(context.url.searchParams, 'account_id');
  ownAccount(context, accountId);
  const webhooks = context.world.extras.listWebhooks(caller(context).clientId, accountId).map(shown);
  return json({ webhooks });
}

/** A webhook as Monzo shows it: without the client that owns it. */
function shown({ account_id, id, url }: MockWebhook): Omit<MockWebhook, 'client_id'> {
  return { account_id, id, url };
}

function deleteWebhook(context: RouteContext): Response {
  const id = context.params.webhook_id ?? '';
  if (!context.world.extras.deleteWebhook(caller(context).clientId, id)) throw fail.notFound('webhook');
  return json({});
}

export const extrasRoutes: Route[] = [
  { method: 'POST', path: '/feed', access: 'approved', handle: createFeedItem },
  ...attachmentRoutes,
  // The router ignores a trailing slash, so Monzo's reference app's `/transaction-receipts/` lands here too.
  { method: 'PUT', path: '/transaction-receipts', access: 'approved', handle: putReceipt },
  { method: 'GET', path: '/transaction-receipts', access: 'approved', handle: getReceipt },
  { method: 'DELETE', path: '/transaction-receipts', access: 'approved', handle: deleteReceipt },
  { method: 'POST', path: '/webhooks', access: 'approved', handle: createWebhook },
  { method: 'GET', path: '/webhooks', access: 'approved', handle: listWebhooks },
  { method: 'DELETE', path: '/webhooks/:webhook_id', access: 'approved', handle: deleteWebhook },
];
