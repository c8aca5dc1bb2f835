import { fail, MockHttpError, readBody } from '../core/http.js';

/**
 * The emulator's stand-in for S3 presigned uploads (monzo-api.md §5.10, §11): `POST /attachment/upload` opens a slot,
 * the client sends the raw bytes to its `upload_url` (PUT or POST, no bearer token, within 15 minutes of the
 * emulator clock, exactly `content_length` bytes), and `file_url` serves them back. Paths sit outside Monzo's.
 */

/** Where the bytes go. */
export const UPLOAD_PATH = '/_uploads';
/** Where they are served from. */
export const FILE_PATH = '/_files';
/** How long an upload URL stays valid. */
export const UPLOAD_TTL_MS = 15 * 60 * 1000;
/** The largest attachment accepted: images for a receipt, not a bulk store. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

interface UploadSlot {
  id: string;
  signature: string;
  fileName: string;
  fileType: string;
  contentLength: number;
  expiresAt: number;
  bytes?: Uint8Array;
}

export interface UploadRequest {
  fileName: string;
  fileType: string;
  contentLength: number;
}

export class Uploads {
  readonly #slots = new Map<string, UploadSlot>();

  /** Opens a slot; `baseUrl` is read per call because a socket server learns its port after the world exists. */
  create(
    input: UploadRequest,
    id: string,
    now: number,
    baseUrl: string,
  ): { file_url: string; upload_url: string } {
    this.#forgetExpired(now);
    const expiresAt = now + UPLOAD_TTL_MS;
    const signature = crypto.randomUUID().replace(/-/g, '');
    this.#slots.set(id, { id, signature, ...input, expiresAt });
    const base = baseUrl.replace(/\/+$/, '');
    const query = new URLSearchParams({
      Expires: String(Math.floor(expiresAt / 1000)),
      Signature: signature,
    });
    return {
      file_url: `${base}${FILE_PATH}/${id}/${encodeURIComponent(input.fileName)}`,
      upload_url: `${base}${UPLOAD_PATH}/${id}?${query}`,
    };
  }

  /** Takes the bytes of an upload; a second upload to a live URL replaces the first, as S3 does. */
  async receive(id: string, url: URL, request: Request, now: number): Promise<void> {
    const slot = this.#slots.get(id);
    if (!slot) throw fail.notFound('upload');
    if (url.searchParams.get('Signature') !== slot.signature) {
      throw fail.forbidden('forbidden.bad_signature', 'The upload URL signature does not match');
    }
    if (now > slot.expiresAt) throw fail.forbidden('forbidden.upload_expired', 'The upload URL has expired');
    let bytes: Uint8Array;
    try {
      bytes = await readBody(request, slot.contentLength);
    } catch (error) {
      if (error instanceof MockHttpError && error.status === 413) throw wrongSize(slot.contentLength);
      throw error;
    }
    if (bytes.byteLength !== slot.contentLength) throw wrongSize(slot.contentLength);
    slot.bytes = bytes;
  }

  /** The bytes behind a `file_url`, once uploaded. */
  file(id: string, fileName: string): { bytes: Uint8Array; fileType: string } | undefined {
    const slot = this.#slots.get(id);
    if (!slot?.bytes || slot.fileName !== fileName) return undefined;
    return { bytes: slot.bytes, fileType: slot.fileType };
  }

  /** Drops slots that expired without bytes, oldest first, so abandoned uploads do not pile up. */
  #forgetExpired(now: number): void {
    for (const slot of this.#slots.values()) {
      if (slot.expiresAt >= now) break;
      if (!slot.bytes) this.#slots.delete(slot.id);
    }
  }
}

function wrongSize(expected: number): MockHttpError {
  return fail.badParam('content_length', `The upload must be exactly content_length (${expected}) bytes`);
}
