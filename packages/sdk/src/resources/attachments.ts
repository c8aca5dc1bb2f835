import { requireId } from '../core/encode.js';
import { MonzoValidationError } from '../core/errors.js';
import { objectIn, urlsIn } from '../core/shape.js';
import type { Attachment, AttachmentUpload } from '../models/attachment.js';
import { type RequestOptions, Resource } from './resource.js';

/** What `attachments.upload` asks for: an upload URL for a file of this name, type and size. */
export interface UploadParams {
  file_name: string;
  /** A MIME type such as `image/png`. */
  file_type: string;
  /** The file's size in bytes. */
  content_length: number;
}

/** What `attachments.register` sends: an uploaded file's URL, to attach to a transaction. */
export interface RegisterParams {
  /** The transaction id. */
  external_id: string;
  file_url: string;
  file_type: string;
}

/** What `attachments.uploadFile` takes: the file itself, uploaded and attached in one call. */
export interface UploadFileParams {
  /** The transaction to attach the file to. */
  transaction_id: string;
  file_name: string;
  file_type: string;
  data: Blob | ArrayBuffer | Uint8Array;
}

/** `monzo.attachments`: images and documents on transactions, such as receipts. */
export class Attachments extends Resource {
  /** Asks for a temporary URL to send a file's bytes to. */
  async upload(params: UploadParams, options?: RequestOptions): Promise<AttachmentUpload> {
    const { content_length } = params;
    if (!Number.isSafeInteger(content_length) || content_length <= 0) {
      throw new MonzoValidationError(
        'content_length',
        'must be the file size in bytes, a positive whole number',
      );
    }
    return this.transport.request<AttachmentUpload>({
      ...options,
      method: 'POST',
      path: '/attachment/upload',
      // uploadFile sends the bytes to upload_url and registers file_url.
      shape: urlsIn('upload_url', 'file_url'),
      form: {
        file_name: requireId('file_name', params.file_name),
        file_type: requireId('file_type', params.file_type),
        content_length,
      },
      // Only hands out a URL; asking twice changes nothing.
      idempotent: true,
      ifUnknown: { advice: 'Asking again for an upload URL is safe.' },
    });
  }

  /** Attaches an uploaded (or any hosted) image to a transaction. Not retried once sent. */
  async register(params: RegisterParams, options?: RequestOptions): Promise<Attachment> {
    const response = await this.transport.request<{ attachment: Attachment }>({
      ...options,
      method: 'POST',
      path: '/attachment/register',
      shape: objectIn('attachment'),
      form: {
        external_id: requireId('external_id', params.external_id),
        file_type: requireId('file_type', params.file_type),
        file_url: requireId('file_url', params.file_url),
      },
      ifUnknown: {
        advice:
          "The attachment may or may not have been registered: look at the transaction's attachments " +
          '(transactions.get) before registering it again, or the file may be attached twice.',
      },
    });
    return response.attachment;
  }

  /** Removes an attachment. */
  async deregister(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.request({
      ...options,
      method: 'POST',
      path: '/attachment/deregister',
      form: { id: requireId('id', id) },
      // Removing twice leaves it removed.
      idempotent: true,
      ifUnknown: {
        advice:
          'The attachment may or may not have been removed: removing it again is safe (a 404 then means it is gone).',
      },
    });
  }

  /**
   * Uploads a file and attaches it to a transaction in one call: asks for an upload URL, sends the bytes there
   * (PUT, with no Monzo token: it is another host), and registers the result.
   *
   * @example await monzo.attachments.uploadFile({ transaction_id, file_name: 'receipt.png', file_type: 'image/png', data });
   */
  async uploadFile(params: UploadFileParams, options?: RequestOptions): Promise<Attachment> {
    const bytes = params.data instanceof Blob ? params.data : new Blob([params.data as BlobPart]);
    const target = await this.upload(
      { file_name: params.file_name, file_type: params.file_type, content_length: bytes.size },
      options,
    );
    const uploadUrl = new URL(target.upload_url);
    await this.transport.request({
      ...options,
      method: 'PUT',
      // The signed query is a credential: it stays out of errors and logs.
      path: `${uploadUrl.origin}${uploadUrl.pathname}`,
      url: target.upload_url,
      body: bytes,
      contentType: params.file_type,
      auth: false,
      idempotent: true,
      ifUnknown: { advice: 'Sending the file again is safe: the upload URL keeps one file.' },
    });
    return this.register(
      { external_id: params.transaction_id, file_url: target.file_url, file_type: params.file_type },
      options,
    );
  }
}
