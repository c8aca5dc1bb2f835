import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { callbackTarget, parseTimeout } from './redirect.js';

describe('callbackTarget', () => {
  it('listens on the loopback address, port and path of the redirect URI', () => {
    const target = callbackTarget('http://127.0.0.1:8080/callback');
    expect(target).toMatchObject({ addresses: ['127.0.0.1'], port: 8080, path: '/callback' });
    expect(callbackTarget('http://localhost:9000/cb').addresses).toEqual(['127.0.0.1', '::1']);
    expect(callbackTarget('http://[::1]:9000/cb').addresses).toEqual(['::1']);
    expect(callbackTarget('http://127.1/cb')).toMatchObject({ addresses: ['127.0.0.1'], port: 80 });
  });

  it('refuses a host that is not this machine, https, port 0 and non-URLs, explaining why', () => {
    for (const uri of [
      'http://example.com:8080/cb',
      'http://192.168.1.2:8080/cb',
      'http://0.0.0.0:8080/cb',
    ]) {
      expect(() => callbackTarget(uri)).toThrow(/not a loopback address.*no other machine/);
    }
    expect(() => callbackTarget('http://127.0.0.1.example.com/cb')).toThrow(UsageError);
    expect(() => callbackTarget('https://127.0.0.1:8443/cb')).toThrow(/must start with http:\/\//);
    expect(() => callbackTarget('http://127.0.0.1:0/cb')).toThrow(/not 0/);
    expect(() => callbackTarget('callback')).toThrow(/not a URL/);
  });
});

describe('parseTimeout', () => {
  it('reads seconds, whole or not, and refuses the rest', () => {
    expect(parseTimeout('300')).toBe(300_000);
    expect(parseTimeout('0.5')).toBe(500);
    for (const text of ['0', '-1', 'soon', '1e3', '', '86401'])
      expect(() => parseTimeout(text)).toThrow(UsageError);
  });
});
