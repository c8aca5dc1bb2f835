import { describe, expect, it } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { MonzoServerError } from '../core/errors.js';
import type { FeedItemInput } from '../models/feed.js';

const ACCOUNT = 'acc_00009237aqC8c5umZmrRdh';

function item(params: Record<string, unknown>, extra: Record<string, unknown> = {}): FeedItemInput {
  return { account_id: ACCOUNT, params, ...extra } as unknown as FeedItemInput;
}

describe('feed.create', () => {
  it('sends POST /feed with the example form body byte for byte and resolves on {}', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('feed-create.response.json'));
    const result = await monzo.feed.create({
      account_id: ACCOUNT,
      type: 'basic',
      url: 'https://www.example.com/a_page_to_open_on_tap.html',
      params: {
        title: 'My custom item',
        image_url: 'www.example.com/image.png',
        background_color: '#FCF1EE',
        body_color: '#FCF1EE',
        title_color: '#333333',
        body: 'Some body text to display',
      },
    });
    expect(result).toBeUndefined();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/feed');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body).toBe(exampleText('feed-create.request.form.txt'));
  });

  it('sends type=basic when the type is left out, and no url or optional params', async () => {
    const { monzo, requests } = clientAnswering({});
    await monzo.feed.create({ account_id: ACCOUNT, params: { title: 'Hi', image_url: 'https://x/i.png' } });
    expect(requests[0]?.body).toBe(
      `account_id=${ACCOUNT}&type=basic&params%5Btitle%5D=Hi&params%5Bimage_url%5D=https%3A%2F%2Fx%2Fi.png`,
    );
  });

  it('is not retried after a 503, since a repeat could show the item twice', async () => {
    const { monzo, requests } = clientAnswering({ code: 'internal_service' }, 503);
    await expect(
      monzo.feed.create({ account_id: ACCOUNT, params: { title: 'Hi', image_url: 'https://x/i.png' } }),
    ).rejects.toBeInstanceOf(MonzoServerError);
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['account_id', item({ title: 'a', image_url: 'b' }, { account_id: '' })],
    ['params', item({}, { params: undefined })],
    ['params', item({}, { params: 'title' })],
    ['params.title', item({ image_url: 'https://x/i.png' })],
    ['params.title', item({ title: '', image_url: 'https://x/i.png' })],
    ['params.image_url', item({ title: 'a' })],
    ['params.background_color', item({ title: 'a', image_url: 'b', background_color: 'red' })],
    ['params.background_color', item({ title: 'a', image_url: 'b', background_color: '#FFF' })],
    ['params.title_color', item({ title: 'a', image_url: 'b', title_color: '#GGGGGG' })],
    ['params.body_color', item({ title: 'a', image_url: 'b', body_color: '333333' })],
    ['params.body_color', item({ title: 'a', image_url: 'b', body_color: '#3333331' })],
    ['type', item({ title: 'a', image_url: 'b' }, { type: 'fancy' })],
  ])('refuses a bad %s without sending', async (field, input) => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.feed.create(input))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });

  it('accepts lower-case hex colours', async () => {
    const { monzo, requests } = clientAnswering({});
    await monzo.feed.create(item({ title: 'a', image_url: 'b', background_color: '#fcf1ee' }));
    expect(new URLSearchParams(requests[0]?.body).get('params[background_color]')).toBe('#fcf1ee');
  });
});
