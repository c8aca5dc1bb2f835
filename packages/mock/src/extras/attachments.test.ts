import { describe, expect, it } from 'vitest';
import { codeOf, type Session, signedIn } from './test-session.js';
import { UPLOAD_TTL_MS } from './uploads.js';

/** Every byte value, so that any re-encoding on the way would show. */
const BYTES = Uint8Array.from({ length: 700 }, (_, index) => (index * 7 + 3) % 256);

/** A fresh card payment on the personal account to attach files to. */
function payment(session: Session): string {
  return String(
    session.mock.control.createTransaction({ account_id: session.account, amount: -350, merchant: true }).id,
  );
}

async function uploadTarget(session: Session, contentLength = BYTES.byteLength) {
  const answer = await session.call('POST', '/attachment/upload', {
    file_name: 'receipt photo.png',
    file_type: 'image/png',
    content_length: String(contentLength),
  });
  expect(answer.status).toBe(200);
  return answer.body as { file_url: string; upload_url: string };
}

/** Sends bytes to an upload URL as a client would: no bearer token. */
function put(session: Session, url: string, bytes: Uint8Array<ArrayBuffer>, method = 'PUT') {
  return session.mock.fetch(url, { method, body: bytes, headers: { 'Content-Type': 'image/png' } });
}

describe('attachments', () => {
  it("uploads a file's exact bytes with the SDK's uploadFile, and it shows on the transaction", async () => {
    const session = await signedIn();
    const tx = payment(session);
    const before = session.mock.control.now();
    const attachment = await session.monzo.attachments.uploadFile({
      transaction_id: tx,
      file_name: 'receipt.png',
      file_type: 'image/png',
      data: BYTES,
    });
    expect(attachment).toMatchObject({
      external_id: tx,
      file_type: 'image/png',
      user_id: session.dataset.user_id,
    });
    expect(attachment.id).toMatch(/^attach_0000[0-9A-Za-z]{18}$/);
    expect(attachment.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(attachment.created)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(attachment.created)).toBeLessThanOrEqual(session.mock.control.now());

    const served = await session.mock.fetch(attachment.file_url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(BYTES);

    const shown = await session.monzo.transactions.get(tx);
    expect(shown.attachments).toEqual([attachment]);
  });

  it('hands out an upload URL on the emulator itself and a file URL that serves nothing until the upload', async () => {
    const session = await signedIn({ baseUrl: 'http://127.0.0.1:4567/' });
    const { file_url, upload_url } = await uploadTarget(session);
    expect(upload_url).toMatch(/^http:\/\/127\.0\.0\.1:4567\/_uploads\/[^/?]+\?.*Signature=/);
    expect(file_url).toMatch(/^http:\/\/127\.0\.0\.1:4567\/_files\/[^/]+\/receipt%20photo\.png$/);
    expect((await session.mock.fetch(file_url)).status).toBe(404);
  });

  it('accepts the bytes by POST too, as the docs say, without any token', async () => {
    const session = await signedIn();
    const { file_url, upload_url } = await uploadTarget(session);
    const answer = await put(session, upload_url, BYTES, 'POST');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe('0');
    expect(new Uint8Array(await (await session.mock.fetch(file_url)).arrayBuffer())).toEqual(BYTES);
  });

  it('refuses an upload whose size is not content_length', async () => {
    const session = await signedIn();
    const { file_url, upload_url } = await uploadTarget(session);
    for (const bytes of [BYTES.slice(1), Uint8Array.from([...BYTES, 1])]) {
      const answer = await put(session, upload_url, bytes);
      expect(answer.status).toBe(400);
      expect((await answer.json()).code).toBe('bad_request.bad_param.content_length');
    }
    expect((await session.mock.fetch(file_url)).status).toBe(404);
  });

  it('refuses an upload URL after 15 minutes of the emulator clock, or with another signature', async () => {
    const session = await signedIn();
    const { upload_url } = await uploadTarget(session);
    const forged = new URL(upload_url);
    forged.searchParams.set('Signature', 'forged');
    expect((await put(session, forged.href, BYTES)).status).toBe(403);
    session.mock.control.advanceTime(UPLOAD_TTL_MS + 1);
    const late = await put(session, upload_url, BYTES);
    expect(late.status).toBe(403);
    expect((await late.json()).code).toBe('forbidden.upload_expired');
    const unknown = await put(session, upload_url.replace(/_uploads\/[^?]+/, '_uploads/upload_nope'), BYTES);
    expect(unknown.status).toBe(404);
  });

  it.each([
    ['file_name', 'bad_request.missing_param.file_name'],
    ['file_type', 'bad_request.missing_param.file_type'],
    ['content_length', 'bad_request.missing_param.content_length'],
  ])('refuses an upload request without %s', async (field, code) => {
    const session = await signedIn();
    const form: Record<string, string> = { file_name: 'a.png', file_type: 'image/png', content_length: '3' };
    delete form[field];
    const answer = await session.call('POST', '/attachment/upload', form);
    expect([answer.status, codeOf(answer)]).toEqual([400, code]);
  });

  it.each(['0', '-3', '1.5', 'ten', `${20 * 1024 * 1024}`])('refuses content_length %s', async (length) => {
    const session = await signedIn();
    const answer = await session.call('POST', '/attachment/upload', {
      file_name: 'a.png',
      file_type: 'image/png',
      content_length: length,
    });
    expect([answer.status, codeOf(answer)]).toEqual([400, 'bad_request.bad_param.content_length']);
  });

  it('registers any hosted image on a transaction, with the documented shape', async () => {
    const session = await signedIn();
    const tx = payment(session);
    const fileUrl = 'https://s3-eu-west-1.amazonaws.com/mondo-image-uploads/user_1/foo.png';
    const answer = await session.call('POST', '/attachment/register', {
      external_id: tx,
      file_type: 'image/png',
      file_url: fileUrl,
    });
    expect(answer.status).toBe(200);
    const { attachment } = answer.body as { attachment: Record<string, unknown> };
    expect(Object.keys(attachment)).toEqual([
      'id',
      'user_id',
      'external_id',
      'file_url',
      'file_type',
      'created',
    ]);
    expect(attachment).toMatchObject({ external_id: tx, file_url: fileUrl, file_type: 'image/png' });
  });

  it('refuses to register on an unknown transaction, or a file_url that is not http(s)', async () => {
    const session = await signedIn();
    const unknown = await session.call('POST', '/attachment/register', {
      external_id: 'tx_0000NoSuchTransaction',
      file_type: 'image/png',
      file_url: 'https://example.com/a.png',
    });
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'not_found.transaction']);
    const badUrl = await session.call('POST', '/attachment/register', {
      external_id: payment(session),
      file_type: 'image/png',
      file_url: 'file:///etc/passwd',
    });
    expect([badUrl.status, codeOf(badUrl)]).toEqual([400, 'bad_request.bad_param.file_url']);
  });

  it('deregisters: the attachment leaves the transaction; an unknown id is a 404', async () => {
    const session = await signedIn();
    const tx = payment(session);
    const attachment = await session.monzo.attachments.register({
      external_id: tx,
      file_type: 'image/jpeg',
      file_url: 'https://example.com/a.jpg',
    });
    expect((await session.monzo.transactions.get(tx)).attachments).toHaveLength(1);
    await session.monzo.attachments.deregister(attachment.id);
    expect((await session.monzo.transactions.get(tx)).attachments ?? []).toEqual([]);
    const again = await session.call('POST', '/attachment/deregister', { id: attachment.id });
    expect([again.status, codeOf(again)]).toEqual([404, 'not_found.attachment']);
    const missing = await session.call('POST', '/attachment/deregister', {});
    expect([missing.status, codeOf(missing)]).toEqual([400, 'bad_request.missing_param.id']);
  });
});
