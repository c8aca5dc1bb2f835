import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { format, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackRequest, sendJson, startLoopback } from '../../test/support/loopback.js';
import { exchangeParams, SECRET } from '../../test/support/secrets.js';
import { exchangeCode, refreshTokens } from './oauth.js';
import { FileTokenStore } from './stores/file.js';
import { MemoryTokenStore } from './stores/memory.js';
import { type TokenSet, withMaskedInspect } from './token-set.js';

const TOKENS = [SECRET.accessToken, SECRET.refreshToken];

/** What `console.log(value)` prints, through a console of its own. */
async function consoleLog(value: unknown): Promise<string> {
  let printed = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  const { Console } = await import('node:console');
  new Console({ stdout: sink, colorMode: false }).log(value);
  return printed;
}

/** Every way a person or a logger commonly prints an object, short of serialising it. */
async function printed(tokens: TokenSet): Promise<string[]> {
  return [
    inspect(tokens),
    inspect(tokens, { depth: null, showHidden: true }),
    inspect({ login: { tokens } }, { depth: 10 }),
    inspect([tokens]),
    format('%o', tokens),
    format('%O', tokens),
    format('%s', tokens),
    format('tokens:', tokens),
    await consoleLog(tokens),
    await consoleLog({ tokens }),
  ];
}

function expectMasked(shown: string[]): void {
  for (const text of shown) {
    for (const token of TOKENS) expect(text).not.toContain(token);
  }
}

let server: Awaited<ReturnType<typeof startLoopback>>;
beforeAll(async () => {
  server = await startLoopback((request: LoopbackRequest, response) => {
    expect(request.url.pathname).toBe('/oauth2/token');
    sendJson(response, 200, {
      access_token: SECRET.accessToken,
      client_id: 'oauth2client_00009abc',
      expires_in: 21600,
      refresh_token: SECRET.refreshToken,
      token_type: 'Bearer',
      user_id: 'user_00009238aMBIIrS5Rdncq9',
    });
  });
});
afterAll(() => server.close());

const exchanged = () => exchangeCode(exchangeParams({ apiUrl: server.url }));

describe('a TokenSet in util.inspect and console.log', () => {
  it('shows both tokens as [REDACTED] and the rest as it is, for the tokens exchangeCode returns', async () => {
    const tokens = await exchanged();
    expect(inspect(tokens)).toBe(
      inspect({ ...tokens, access_token: '[REDACTED]', refresh_token: '[REDACTED]' }).replace(
        /^/,
        'TokenSet ',
      ),
    );
    expect(await consoleLog(tokens)).toMatch(
      /^TokenSet \{\n {2}access_token: '\[REDACTED\]',\n {2}expires_at: \d+,\n {2}token_type: 'Bearer',\n {2}user_id: 'user_00009238aMBIIrS5Rdncq9',\n {2}client_id: 'oauth2client_00009abc',\n {2}refresh_token: '\[REDACTED\]'\n\}\n$/,
    );
    expectMasked(await printed(tokens));
  });

  it('masks the tokens refreshTokens returns', async () => {
    const tokens = await refreshTokens({
      clientId: 'oauth2client_00009abc',
      clientSecret: SECRET.clientSecret,
      refreshToken: 'rt_spent',
      apiUrl: server.url,
    });
    expect(inspect(tokens)).toContain("access_token: '[REDACTED]'");
    expectMasked(await printed(tokens));
  });

  it('keeps the values readable as fields, and JSON.stringify writes them in full, as a store keeps them', async () => {
    const tokens = await exchanged();
    expect(tokens.access_token).toBe(SECRET.accessToken);
    expect(tokens.refresh_token).toBe(SECRET.refreshToken);
    expect(Object.keys(tokens).sort()).toEqual(
      ['access_token', 'client_id', 'expires_at', 'refresh_token', 'token_type', 'user_id'].sort(),
    );
    const stored = JSON.parse(JSON.stringify(tokens));
    expect(stored).toEqual({ ...tokens });
    expect(stored.access_token).toBe(SECRET.accessToken);
  });

  it('masks tokens read back from a FileTokenStore, which still writes and reads them whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'monzo-ts-inspect-'));
    try {
      const store = new FileTokenStore(join(dir, 'tokens.json'));
      const tokens = await exchanged();
      await store.set(tokens);
      expect(JSON.parse(await readFile(join(dir, 'tokens.json'), 'utf8'))).toEqual({ ...tokens });
      const loaded = await store.get();
      expect(loaded).toEqual(tokens);
      expect(loaded?.refresh_token).toBe(SECRET.refreshToken);
      expectMasked(await printed(loaded as TokenSet));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('masks tokens read back from a MemoryTokenStore, given as a plain object', async () => {
    const plain = { access_token: SECRET.accessToken, refresh_token: SECRET.refreshToken, expires_at: 1 };
    const store = new MemoryTokenStore(plain);
    const loaded = await store.get();
    expect(loaded).toEqual(plain);
    expectMasked(await printed(loaded as TokenSet));
  });

  it('masks a plain object of your own once passed through withMaskedInspect, and changes nothing else', async () => {
    const plain: TokenSet = { access_token: SECRET.accessToken, refresh_token: SECRET.refreshToken };
    expect(inspect(plain)).toContain(SECRET.accessToken); // a plain object is printed as it is
    const marked = withMaskedInspect(plain);
    expect(marked).toBe(plain);
    expect(withMaskedInspect(marked)).toBe(plain);
    expect(JSON.stringify(marked)).toBe(
      `{"access_token":"${SECRET.accessToken}","refresh_token":"${SECRET.refreshToken}"}`,
    );
    expect(inspect(marked)).toBe("TokenSet { access_token: '[REDACTED]', refresh_token: '[REDACTED]' }");
    expect(inspect({ deep: { deeper: { tokens: marked } } })).toBe(
      '{ deep: { deeper: { tokens: [TokenSet] } } }',
    );
  });
});
