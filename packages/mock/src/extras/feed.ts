import { fail, required } from '../core/http.js';

/** A feed item as the emulator keeps it (Monzo has no endpoint to read them back; tests read them here). */
export interface FeedItem {
  account_id: string;
  type: 'basic';
  url?: string;
  /** Every `params[<key>]` sent: `title`, `image_url`, and the optional `body` and colours. */
  params: Record<string, string>;
  client_id: string;
  created: string;
}

const COLOUR = /^#[0-9A-Fa-f]{6}$/;
const COLOUR_PARAMS = ['background_color', 'title_color', 'body_color'] as const;
const PARAM_KEY = /^params\[([^\]]+)\]$/;

/**
 * Checks a `POST /feed` form (monzo-api.md §5.9, §11): `type` must be `basic`, `params[title]` and `params[image_url]`
 * are required, colours are `#RRGGBB`. `account_id` is read (and its owner checked) by the route first.
 */
export function parseFeedForm(form: URLSearchParams): Pick<FeedItem, 'type' | 'url' | 'params'> {
  const type = required(form, 'type');
  if (type !== 'basic') throw fail.badParam('type', `Unknown feed item type '${type}'; only 'basic' exists`);

  const params: Record<string, string> = {};
  for (const [key, value] of form) {
    const name = PARAM_KEY.exec(key)?.[1];
    if (name !== undefined) params[name] = value;
  }
  for (const name of ['title', 'image_url']) {
    if (!params[name]) throw fail.missingParam(`params.${name}`);
  }
  for (const name of COLOUR_PARAMS) {
    const colour = params[name];
    if (colour !== undefined && !COLOUR.test(colour)) {
      throw fail.badParam(`params.${name}`, `params[${name}] must be a colour such as #FF0000`);
    }
  }
  // The docs' own example sends an image_url without a scheme, so neither URL is checked further.
  const url = form.get('url');
  return url ? { type, url, params } : { type, params };
}
