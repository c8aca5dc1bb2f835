import { describe, expect, it } from 'vitest';
import { codeOf, signedIn, signedInWithWorld } from './test-session.js';

const ITEM = {
  type: 'basic',
  url: 'https://www.example.com/a_page_to_open_on_tap.html',
  'params[title]': 'My custom item',
  'params[image_url]': 'www.example.com/image.png',
  'params[background_color]': '#FCF1EE',
  'params[body_color]': '#fcf1ee',
  'params[title_color]': '#333333',
  'params[body]': 'Some body text to display',
};

describe('POST /feed', () => {
  it('keeps a basic item sent through the SDK and answers {}', async () => {
    const { monzo, account, world } = await signedInWithWorld();
    await monzo.feed.create({
      account_id: account,
      url: 'https://example.com/open',
      params: { title: 'Saved £5', image_url: 'https://example.com/icon.png', background_color: '#FF0000' },
    });
    const items = world.extras.feedItems();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      account_id: account,
      type: 'basic',
      url: 'https://example.com/open',
      params: { title: 'Saved £5', image_url: 'https://example.com/icon.png', background_color: '#FF0000' },
    });
  });

  it("accepts the docs' example form, brackets percent-encoded or literal, with every param kept", async () => {
    const { call, account, world } = await signedInWithWorld();
    const answer = await call('POST', '/feed', { account_id: account, ...ITEM });
    expect(answer).toMatchObject({ status: 200, body: {} });
    expect(world.extras.feedItems()[0]?.params).toEqual({
      title: 'My custom item',
      image_url: 'www.example.com/image.png',
      background_color: '#FCF1EE',
      body_color: '#fcf1ee',
      title_color: '#333333',
      body: 'Some body text to display',
    });
  });

  it('needs no url', async () => {
    const { call, account } = await signedIn();
    const { url: _, ...withoutUrl } = ITEM;
    expect((await call('POST', '/feed', { account_id: account, ...withoutUrl })).status).toBe(200);
  });

  it.each([
    ['account_id', 'bad_request.missing_param.account_id'],
    ['type', 'bad_request.missing_param.type'],
    ['params[title]', 'bad_request.missing_param.params.title'],
    ['params[image_url]', 'bad_request.missing_param.params.image_url'],
  ])('refuses an item without %s', async (field, code) => {
    const { call, account } = await signedIn();
    const form: Record<string, string> = { account_id: account, ...ITEM };
    delete form[field];
    const answer = await call('POST', '/feed', form);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe(code);
  });

  it('refuses a type other than basic and colours not written #RRGGBB', async () => {
    const { call, account } = await signedIn();
    const type = await call('POST', '/feed', { account_id: account, ...ITEM, type: 'image' });
    expect([type.status, codeOf(type)]).toEqual([400, 'bad_request.bad_param.type']);
    for (const [name, colour] of [
      ['background_color', 'red'],
      ['title_color', '#333'],
      ['body_color', '#GGGGGG'],
    ] as const) {
      const answer = await call('POST', '/feed', {
        account_id: account,
        ...ITEM,
        [`params[${name}]`]: colour,
      });
      expect([answer.status, codeOf(answer)]).toEqual([400, `bad_request.bad_param.params.${name}`]);
    }
  });

  it("refuses an account that is not the user's", async () => {
    const { call, world } = await signedInWithWorld();
    const answer = await call('POST', '/feed', { account_id: 'acc_00009NotYours', ...ITEM });
    expect([answer.status, codeOf(answer)]).toEqual([403, 'forbidden.account']);
    expect(world.extras.feedItems()).toHaveLength(0);
  });
});
