import { bracketed, requireId } from '../core/encode.js';
import { MonzoValidationError } from '../core/errors.js';
import type { FeedItemInput } from '../models/feed.js';
import { type RequestOptions, Resource } from './resource.js';

const COLOUR = /^#[0-9A-Fa-f]{6}$/;

/** `monzo.feed`: items of your own in the user's feed. */
export class Feed extends Resource {
  /**
   * Puts an item in the user's feed. Not retried once sent: a repeat could show the item twice.
   *
   * @example await monzo.feed.create({ account_id, params: { title: 'Saved £5', image_url: 'https://…/icon.png' } });
   */
  async create(item: FeedItemInput, options?: RequestOptions): Promise<void> {
    const { params } = item;
    if (typeof params !== 'object' || params === null) {
      throw new MonzoValidationError('params', 'must be an object with at least title and image_url');
    }
    requireId('params.title', params.title);
    requireId('params.image_url', params.image_url);
    for (const key of ['background_color', 'title_color', 'body_color'] as const) {
      const colour = params[key];
      if (colour !== undefined && !COLOUR.test(colour)) {
        throw new MonzoValidationError(
          `params.${key}`,
          `must be a colour such as #FF0000, got ${JSON.stringify(colour)}`,
        );
      }
    }
    if (item.type !== undefined && item.type !== 'basic') {
      throw new MonzoValidationError('type', 'must be "basic", the only feed item type');
    }
    await this.transport.request({
      ...options,
      method: 'POST',
      path: '/feed',
      form: {
        account_id: requireId('account_id', item.account_id),
        type: 'basic',
        url: item.url,
        ...bracketed('params', { ...params }),
      },
      ifUnknown: {
        advice:
          'The item may or may not be in the feed: posting it again may show it twice, so look in the Monzo ' +
          'app first (Monzo has no way to list feed items).',
      },
    });
  }
}
