import { fail, json, readForm, required } from '../core/http.js';
import type { Route, RouteContext } from '../core/router.js';
import { caller, emptyOk } from './access.js';
import { FILE_PATH, MAX_UPLOAD_BYTES, UPLOAD_PATH } from './uploads.js';

/**
 * Attachments (monzo-api.md §5.10–5.12): an upload URL, the byte upload and file serving that stand in for S3, and
 * registering a file on a transaction so that it shows in the transaction's `attachments`.
 */

async function upload(context: RouteContext): Promise<Response> {
  const form = await readForm(context.request);
  const fileName = required(form, 'file_name');
  const fileType = required(form, 'file_type');
  const length = required(form, 'content_length');
  const contentLength = /^\d+$/.test(length) ? Number(length) : 0;
  if (contentLength <= 0) {
    throw fail.badParam(
      'content_length',
      'content_length must be the file size in bytes, a positive integer',
    );
  }
  if (contentLength > MAX_UPLOAD_BYTES) {
    throw fail.badParam('content_length', `Attachments are limited to ${MAX_UPLOAD_BYTES} bytes`);
  }
  return json(context.world.extras.createUpload({ fileName, fileType, contentLength }));
}

/** The presigned URL's target: no bearer token, PUT (what clients do) or POST (what the docs say). */
async function receiveBytes(context: RouteContext): Promise<Response> {
  const { world, url, request, params } = context;
  await world.extras.uploads.receive(params.upload_id ?? '', url, request, world.clock.now());
  return emptyOk();
}

function serveFile(context: RouteContext): Response {
  const file = context.world.extras.uploads.file(
    context.params.upload_id ?? '',
    context.params.file_name ?? '',
  );
  if (!file) throw fail.notFound('file');
  return new Response(file.bytes.slice(), {
    headers: { 'Content-Type': file.fileType, 'Content-Length': String(file.bytes.byteLength) },
  });
}

async function register(context: RouteContext): Promise<Response> {
  const { world } = context;
  const form = await readForm(context.request);
  const externalId = required(form, 'external_id');
  const fileUrl = required(form, 'file_url');
  const fileType = required(form, 'file_type');
  // "Any remotely hosted image" is allowed (monzo-api.md §5.11), so only the URL's form is checked, not its host.
  if (!/^https?:\/\//i.test(fileUrl) || !URL.canParse(fileUrl)) {
    throw fail.badParam('file_url', 'file_url must be an absolute http(s) URL');
  }
  const transaction = world.bank.findTransaction(externalId);
  if (!transaction) throw fail.notFound('transaction');
  const { userId } = caller(context);
  if (!world.bank.ownsAccount(userId, transaction.account_id)) {
    throw fail.forbidden('forbidden.account', 'The transaction is not on one of your accounts');
  }
  const attachment = world.extras.registerAttachment({
    user_id: userId,
    external_id: externalId,
    file_url: fileUrl,
    file_type: fileType,
  });
  return json({ attachment });
}

async function deregister(context: RouteContext): Promise<Response> {
  const form = await readForm(context.request);
  const id = required(form, 'id');
  if (!context.world.extras.deregisterAttachment(caller(context).userId, id))
    throw fail.notFound('attachment');
  return json({});
}

export const attachmentRoutes: Route[] = [
  { method: 'POST', path: '/attachment/upload', access: 'approved', handle: upload },
  { method: 'POST', path: '/attachment/register', access: 'approved', handle: register },
  { method: 'POST', path: '/attachment/deregister', access: 'approved', handle: deregister },
  { method: 'PUT', path: `${UPLOAD_PATH}/:upload_id`, access: 'public', handle: receiveBytes },
  { method: 'POST', path: `${UPLOAD_PATH}/:upload_id`, access: 'public', handle: receiveBytes },
  { method: 'GET', path: `${FILE_PATH}/:upload_id/:file_name`, access: 'public', handle: serveFile },
];
