import { describe, expect, it } from 'vitest';
import { clientAnswering, validationError } from '../../test/support/clients.js';
import { exampleJson, exampleText } from '../../test/support/fixtures.js';
import { MonzoServerError } from '../core/errors.js';
import type { Attachment, AttachmentUpload } from '../models/attachment.js';

const FILE_URL = exampleJson('attachment-upload.response.json').file_url as string;

describe('attachments.upload', () => {
  it('sends POST /attachment/upload with the example form body byte for byte and returns both URLs', async () => {
    const example = exampleJson('attachment-upload.response.json');
    const { monzo, requests } = clientAnswering(example);
    const target: AttachmentUpload = await monzo.attachments.upload({
      file_name: 'foo.png',
      file_type: 'image/png',
      content_length: 12345,
    });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/attachment/upload');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body).toBe(exampleText('attachment-upload.request.form.txt'));
    expect(target).toEqual(example);
  });

  it.each([
    ['content_length', { file_name: 'a.png', file_type: 'image/png', content_length: 0 }],
    ['content_length', { file_name: 'a.png', file_type: 'image/png', content_length: -1 }],
    ['content_length', { file_name: 'a.png', file_type: 'image/png', content_length: 1.5 }],
    ['content_length', { file_name: 'a.png', file_type: 'image/png', content_length: Number.NaN }],
    ['file_name', { file_name: '', file_type: 'image/png', content_length: 1 }],
    ['file_type', { file_name: 'a.png', file_type: '', content_length: 1 }],
  ])('refuses a bad %s without sending', async (field, params) => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.attachments.upload(params))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });
});

describe('attachments.register', () => {
  it('sends POST /attachment/register with the example form body byte for byte and returns the Attachment', async () => {
    const example = exampleJson('attachment-register.response.json');
    const { monzo, requests } = clientAnswering(example);
    const attachment: Attachment = await monzo.attachments.register({
      external_id: 'tx_00008zIcpb1TB4yeIFXMzx',
      file_url: FILE_URL,
      file_type: 'image/png',
    });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/attachment/register');
    expect(requests[0]?.body).toBe(exampleText('attachment-register.request.form.txt'));
    expect(attachment).toEqual(example.attachment);
  });

  it('is not retried after a 503, since the attachment may have been registered', async () => {
    const { monzo, requests } = clientAnswering({ code: 'internal_service' }, 503);
    await expect(
      monzo.attachments.register({ external_id: 'tx_1', file_url: FILE_URL, file_type: 'image/png' }),
    ).rejects.toBeInstanceOf(MonzoServerError);
    expect(requests).toHaveLength(1);
  });

  it.each(['external_id', 'file_url', 'file_type'])('refuses an empty %s without sending', async (field) => {
    const { monzo, requests } = clientAnswering({});
    const params = { external_id: 'tx_1', file_url: FILE_URL, file_type: 'image/png', [field]: '' };
    expect((await validationError(monzo.attachments.register(params))).field).toBe(field);
    expect(requests).toHaveLength(0);
  });
});

describe('attachments.deregister', () => {
  it('sends POST /attachment/deregister with the example form body byte for byte and resolves on {}', async () => {
    const { monzo, requests } = clientAnswering(exampleJson('attachment-deregister.response.json'));
    expect(await monzo.attachments.deregister('attach_00009238aOAIvVqfb9LrZh')).toBeUndefined();
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.href).toBe('https://api.monzo.com/attachment/deregister');
    expect(requests[0]?.body).toBe(exampleText('attachment-deregister.request.form.txt'));
  });

  it('refuses an empty id without sending', async () => {
    const { monzo, requests } = clientAnswering({});
    expect((await validationError(monzo.attachments.deregister(''))).field).toBe('id');
    expect(requests).toHaveLength(0);
  });
});
