import { describe, expect, it } from 'vitest';
import { maskUrlSecrets, requireWebUrl } from './url.js';

describe('maskUrlSecrets', () => {
  it('hides every query value and a password, and keeps the rest readable', () => {
    expect(maskUrlSecrets('https://user:pa55@example.com/hook?secret=abc123&secret=def&mode=x#top')).toBe(
      'https://user:***@example.com/hook?secret=***&mode=***#top',
    );
  });

  it('leaves a URL without secrets, and text that is no URL, as they are', () => {
    expect(maskUrlSecrets('https://example.com/hook')).toBe('https://example.com/hook');
    expect(maskUrlSecrets('not a url')).toBe('not a url');
  });
});

describe('requireWebUrl', () => {
  it('refuses what is not an absolute http(s) URL, naming the option', () => {
    expect(() => requireWebUrl('--url', 'ftp://example.com')).toThrow(/--url: "ftp:\/\/example.com"/);
    expect(requireWebUrl('--url', 'https://example.com/a')).toBe('https://example.com/a');
  });
});
