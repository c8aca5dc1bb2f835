import { path, requireId } from '../core/encode.js';
import { MonzoValidationError } from '../core/errors.js';
import { listIn, objectIn } from '../core/shape.js';
import type { Webhook } from '../models/webhook.js';
import { type RequestOptions, Resource } from './resource.js';

/** What `webhooks.create` registers: an account's events, to a URL of yours. */
export interface CreateWebhookParams {
  account_id: string;
  /** Monzo does not sign deliveries: put a long random secret in this URL's query and check it on receipt. */
  url: string;
}

const REMOVE_AGAIN = (what: string) =>
  `The ${what} may or may not have been removed: removing it again is safe (a 404 then means it is gone).`;

/** `monzo.webhooks`: register where Monzo sends an account's events. */
export class Webhooks extends Resource {
  /** Registers a URL to receive `transaction.created` events for an account. Not retried once sent. */
  async create(params: CreateWebhookParams, options?: RequestOptions): Promise<Webhook> {
    if (typeof params.url !== 'string' || !/^https?:\/\//i.test(params.url) || !URL.canParse(params.url)) {
      throw new MonzoValidationError('url', 'must be an absolute http(s) URL');
    }
    const response = await this.transport.request<{ webhook: Webhook }>({
      ...options,
      method: 'POST',
      path: '/webhooks',
      shape: objectIn('webhook'),
      form: { account_id: requireId('account_id', params.account_id), url: params.url },
      ifUnknown: {
        advice:
          "The webhook may or may not have been registered: list the account's webhooks (webhooks.list) " +
          'before registering it again, or it may be registered twice.',
      },
    });
    return response.webhook;
  }

  /** Lists the webhooks this application registered on an account. */
  async list(account_id: string, options?: RequestOptions): Promise<Webhook[]> {
    const response = await this.transport.request<{ webhooks: Webhook[] }>({
      ...options,
      method: 'GET',
      path: '/webhooks',
      shape: listIn('webhooks'),
      query: { account_id: requireId('account_id', account_id) },
    });
    return response.webhooks;
  }

  /** Removes a webhook; no more deliveries follow. */
  async delete(webhook_id: string, options?: RequestOptions): Promise<void> {
    await this.transport.request({
      ...options,
      method: 'DELETE',
      path: path`/webhooks/${requireId('webhook_id', webhook_id)}`,
      ifUnknown: { advice: REMOVE_AGAIN('webhook') },
    });
  }
}
