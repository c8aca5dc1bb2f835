import type { Timestamp } from './open.js';

/** An image attached to a transaction (monzo-api.md §5.11). */
export interface Attachment {
  id: string;
  user_id: string;
  /** The transaction id. */
  external_id: string;
  file_url: string;
  file_type: string;
  created: Timestamp;
}

/** Where to send a file's bytes, and where it will live (monzo-api.md §5.10). */
export interface AttachmentUpload {
  file_url: string;
  upload_url: string;
}
