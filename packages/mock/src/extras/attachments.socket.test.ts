import { createAuthorizationRequest, exchangeCode, MonzoClient } from 'monzo-ts';
import { expect, it } from 'vitest';
import { startMockServer } from '../index.js';

const REDIRECT = 'http://127.0.0.1:8080/callback';

it('takes an upload larger than the API body limit over a real socket, on the URL the server listens at', async () => {
  const server = await startMockServer({ autoApprove: true, transactions: 10 });
  try {
    const login = createAuthorizationRequest({
      clientId: server.clientId,
      redirectUri: REDIRECT,
      authUrl: server.url,
    });
    const callback = new URL((await fetch(login.url, { redirect: 'manual' })).headers.get('location') ?? '');
    const tokens = await exchangeCode({
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      code: callback.searchParams.get('code') ?? '',
      state: callback.searchParams.get('state') ?? '',
      expectedState: login.state,
      redirectUri: REDIRECT,
      apiUrl: server.url,
    });
    const monzo = new MonzoClient({ apiUrl: server.url, accessToken: tokens.access_token });
    const account = server.control.dataset().accounts.find((candidate) => !candidate.closed)?.id ?? '';
    const tx = server.control.createTransaction({ account_id: account, amount: -100 });
    const data = new Uint8Array(2 * 1024 * 1024);
    for (let index = 0; index < data.length; index++) data[index] = index % 251;

    const attachment = await monzo.attachments.uploadFile({
      transaction_id: String(tx.id),
      file_name: 'scan.jpg',
      file_type: 'image/jpeg',
      data,
    });
    expect(attachment.file_url.startsWith(`${server.url}/_files/`)).toBe(true);
    const served = await fetch(attachment.file_url);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    // Buffer.equals, not toEqual: a deep compare of 2 million elements takes seconds.
    expect(Buffer.from(await served.arrayBuffer()).equals(data)).toBe(true);
  } finally {
    await server.close();
  }
});
