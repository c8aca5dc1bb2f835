import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/clients.js';
import { exampleText } from '../../test/support/fixtures.js';
import { bracketed, buildUrl, encodeFields, type Fields, path, requireId } from './encode.js';
import { MonzoError, MonzoValidationError } from './errors.js';

const feedParams = {
  title: 'My custom item',
  image_url: 'www.example.com/image.png',
  background_color: '#FCF1EE',
  body_color: '#FCF1EE',
  title_color: '#333333',
  body: 'Some body text to display',
};

const examples: Array<[string, Fields]> = [
  [
    'feed-create.request.form.txt',
    {
      account_id: 'acc_00009237aqC8c5umZmrRdh',
      type: 'basic',
      url: 'https://www.example.com/a_page_to_open_on_tap.html',
      ...bracketed('params', feedParams),
    },
  ],
  ['transaction-annotate.request.form.txt', bracketed('metadata', { foo: 'bar', stale_key: '' })],
  [
    'pot-deposit.request.form.txt',
    {
      source_account_id: 'acc_00009237aqC8c5umZmrRdh',
      amount: 1000,
      dedupe_id: '5d3c0f6e-4a57-4bd7-9a0b-9f1f2a1f7c11',
    },
  ],
  [
    'pot-withdraw.request.form.txt',
    {
      destination_account_id: 'acc_00009237aqC8c5umZmrRdh',
      amount: 1000,
      dedupe_id: 'a0c1d2e3-0000-4000-8000-000000000001',
    },
  ],
  [
    'webhook-create.request.form.txt',
    {
      account_id: 'acc_000091yf79yMwNaZHhHGzp',
      url: 'https://example.com/callback?secret=LONG_RANDOM_STRING',
    },
  ],
  [
    'attachment-register.request.form.txt',
    {
      external_id: 'tx_00008zIcpb1TB4yeIFXMzx',
      file_type: 'image/png',
      file_url:
        'https://s3-eu-west-1.amazonaws.com/mondo-image-uploads/user_00009237hliZellUicKuG1/LcCu4ogv1xW28OCcvOTL-foo.png',
    },
  ],
  [
    'attachment-upload.request.form.txt',
    { file_name: 'foo.png', file_type: 'image/png', content_length: 12345 },
  ],
  ['attachment-deregister.request.form.txt', { id: 'attach_00009238aOAIvVqfb9LrZh' }],
  [
    'oauth-token.request.form.txt',
    {
      grant_type: 'authorization_code',
      client_id: 'oauth2client_00009abcdefghijklmnopq',
      client_secret: 'CLIENT_SECRET',
      redirect_uri: 'https://your.example.com/oauth/callback',
      code: 'AUTHORIZATION_CODE',
    },
  ],
];

describe('encodeFields', () => {
  it.each(examples)('produces %s byte for byte from the same values in the same order', (file, fields) => {
    expect(encodeFields(fields).toString()).toBe(exampleText(file));
  });

  it('repeats an array key once per value, in order', () => {
    expect(encodeFields({ 'expand[]': ['merchant', 'counterparty'] }).toString()).toBe(
      'expand%5B%5D=merchant&expand%5B%5D=counterparty',
    );
  });

  it('leaves out undefined values but keeps empty strings, numbers and booleans', () => {
    expect(encodeFields({ a: undefined, b: '', c: 0, d: false, e: undefined }).toString()).toBe(
      'b=&c=0&d=false',
    );
  });

  it('sends nothing for an empty array', () => {
    expect(encodeFields({ 'expand[]': [], limit: 5 }).toString()).toBe('limit=5');
  });

  // Found by encode.fuzz.test.ts: URLSearchParams sent U+FFFD instead, so the metadata read back differed.
  it.each([
    [
      'a value',
      { 'metadata[tag]': 'cut \uD83D' },
      'metadata[tag]',
      /^metadata\[tag\]: it holds half of a character/,
    ],
    ['a name', { 'metadata[\uDE00]': 'x' }, 'metadata[\uDE00]', /its name holds half of a character/],
    ['an array item', { 'expand[]': ['merchant', '\uD800'] }, 'expand[]', /pass whole characters/],
  ])('refuses %s with a lone surrogate, naming the field', (_, fields, field, message) => {
    const error = thrownBy(MonzoValidationError, () => encodeFields(fields as Fields));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('sends whole characters outside the BMP as they are', () => {
    expect(new URLSearchParams(encodeFields({ 'metadata[😀]': '𝄞' }).toString()).get('metadata[😀]')).toBe(
      '𝄞',
    );
  });
});

describe('bracketed', () => {
  it('prefixes each key in brackets and keeps undefined values so that encoding drops them', () => {
    const fields = bracketed('metadata', { keep: 'x', drop: undefined });
    expect(fields).toEqual({ 'metadata[keep]': 'x', 'metadata[drop]': undefined });
    expect(encodeFields(fields).toString()).toBe('metadata%5Bkeep%5D=x');
  });
});

describe('buildUrl', () => {
  it('joins the base and the path', () => {
    expect(buildUrl('https://api.monzo.com', '/accounts')).toBe('https://api.monzo.com/accounts');
  });

  it('drops one trailing slash from the base so the path is not doubled', () => {
    expect(buildUrl('https://api.monzo.com/', '/accounts')).toBe('https://api.monzo.com/accounts');
  });

  it('keeps a path prefix of the base, with or without a trailing slash', () => {
    expect(buildUrl('http://127.0.0.1:8080/monzo', '/pots')).toBe('http://127.0.0.1:8080/monzo/pots');
    expect(buildUrl('http://127.0.0.1:8080/monzo/', '/pots')).toBe('http://127.0.0.1:8080/monzo/pots');
  });

  it('appends the encoded query, and no "?" when nothing is left to send', () => {
    expect(
      buildUrl('https://api.monzo.com', '/transactions', { account_id: 'acc_1', 'expand[]': ['merchant'] }),
    ).toBe('https://api.monzo.com/transactions?account_id=acc_1&expand%5B%5D=merchant');
    expect(buildUrl('https://api.monzo.com', '/accounts', { account_type: undefined })).toBe(
      'https://api.monzo.com/accounts',
    );
    expect(buildUrl('https://api.monzo.com', '/accounts', {})).toBe('https://api.monzo.com/accounts');
  });
});

describe('path', () => {
  const pathname = (p: string) => new URL(buildUrl('https://api.monzo.com/v1', p)).pathname;

  it('leaves ordinary ids unchanged', () => {
    expect(path`/pots/${'pot_0000778xxfgh4iu8z83nWb'}/deposit`).toBe(
      '/pots/pot_0000778xxfgh4iu8z83nWb/deposit',
    );
  });

  it.each([
    ['../accounts', '/v1/pots/..%2Faccounts/deposit'],
    ['a/b', '/v1/pots/a%2Fb/deposit'],
    ['x?admin=1', '/v1/pots/x%3Fadmin%3D1/deposit'],
    ['x#frag', '/v1/pots/x%23frag/deposit'],
    ['%2e%2e', '/v1/pots/%252e%252e/deposit'],
  ])('percent-encodes %j so it stays one segment of the path', (id, expected) => {
    const url = new URL(buildUrl('https://api.monzo.com/v1', path`/pots/${id}/deposit`));
    expect(url.pathname).toBe(expected);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
  });

  it.each(['.', '..'])('refuses the dot segment %j, which no encoding can keep in place', (id) => {
    // The URL parser resolves `..` and `%2e%2e` alike, so `/pots/../deposit` would reach `/deposit`.
    expect(() => pathname(path`/pots/${id}/deposit`)).toThrow(MonzoValidationError);
  });
});

describe('requireId', () => {
  it('returns a non-empty string id unchanged', () => {
    expect(requireId('pot_id', 'pot_123')).toBe('pot_123');
  });

  it.each([
    ['', /empty string/],
    ['   ', /non-empty/],
    ['\t\n', /non-empty/],
    [undefined, /undefined/],
    [null, /null/],
    [42, /42/],
    [{ id: 'x' }, /an object/],
    ['.', /not an id/],
    ['..', /not an id/],
    // encodeURIComponent threw a bare URIError on it, from inside path`…`.
    ['pot_\uD800', /half of a character/],
  ])('refuses %j with a MonzoValidationError naming the field', (value, detail) => {
    let caught: unknown;
    try {
      requireId('pot_id', value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MonzoValidationError);
    expect(caught).toBeInstanceOf(MonzoError);
    const error = caught as MonzoValidationError;
    expect(error.field).toBe('pot_id');
    expect(error.type).toBe('MonzoValidationError');
    expect(error.message).toMatch(/^pot_id: /);
    expect(error.message).toMatch(detail);
  });
});
