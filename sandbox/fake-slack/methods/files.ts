import type { FakeFile, SlackApiResponse } from '../types.js';
import type { Workspace } from '../workspace.js';
import { addMessage } from './chat.js';
import { failure, invalidArguments, type MethodHandler, stringArg } from './method.js';

/**
 * Slack's external upload flow: files.getUploadURLExternal reserves an upload URL for a file of a
 * stated byte length; the app POSTs exactly that many bytes there; files.completeUploadExternal
 * shares the uploaded file (once) in a channel. The fake refuses what Slack refuses: a length that
 * is not a positive number, an unknown or expired upload URL, bytes that do not match the length,
 * completing a file that was never uploaded, an unknown channel.
 */

/** How long a reserved upload URL stays usable. */
export const UPLOAD_URL_LIFETIME_MS = 10 * 60_000;

const getUploadUrl: MethodHandler = (args, workspace) => {
  const filename = stringArg(args, 'filename');
  const rawLength = args.length;
  if (filename === undefined || rawLength === undefined) {
    return invalidArguments([`missing required field: ${filename === undefined ? 'filename' : 'length'}`]);
  }
  const length = Number(rawLength);
  if (!Number.isInteger(length) || length <= 0) return failure('missing_argument');
  const fileId = workspace.ids.fileId();
  workspace.uploads.set(fileId, { fileId, filename, length, reservedAt: workspace.now() });
  return { ok: true, upload_url: `${workspace.baseUrl}/upload/${fileId}`, file_id: fileId };
};

/** The POST of the bytes to the upload URL: HTTP status and text, as the upload service answers. */
export function receiveUpload(
  workspace: Workspace,
  fileId: string,
  body: Buffer,
): { status: number; text: string } {
  const upload = workspace.uploads.get(fileId);
  if (upload === undefined || upload.content !== undefined)
    return { status: 404, text: 'upload URL not found' };
  if (workspace.now() - upload.reservedAt > UPLOAD_URL_LIFETIME_MS)
    return { status: 410, text: 'upload URL expired' };
  if (body.byteLength !== upload.length) {
    return { status: 400, text: `expected ${upload.length} bytes, received ${body.byteLength}` };
  }
  upload.content = body.toString('utf8');
  return { status: 200, text: `OK - ${body.byteLength}` };
}

const completeUpload: MethodHandler = (args, workspace): SlackApiResponse => {
  const files = args.files;
  if (!Array.isArray(files) || files.length === 0) return invalidArguments(['missing required field: files']);
  const channelArg = stringArg(args, 'channel_id');
  const channel = channelArg === undefined ? undefined : workspace.resolveChannel(channelArg);
  if (channelArg !== undefined && channel === undefined) return failure('channel_not_found');
  const shared: FakeFile[] = [];
  for (const entry of files) {
    const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const upload = typeof id === 'string' ? workspace.uploads.get(id) : undefined;
    if (upload?.content === undefined) return failure('file_not_found');
    const title = (entry as { title?: unknown }).title;
    shared.push({
      id: upload.fileId,
      filename: upload.filename,
      title: typeof title === 'string' ? title : upload.filename,
      content: upload.content,
      ...(channel === undefined ? {} : { channel: channel.id }),
      ...(stringArg(args, 'initial_comment') === undefined
        ? {}
        : { comment: stringArg(args, 'initial_comment')! }),
    });
  }
  for (const file of shared) {
    workspace.uploads.delete(file.id);
    workspace.files.push(file);
  }
  if (channel !== undefined) {
    addMessage(workspace, {
      channel: channel.id,
      text: stringArg(args, 'initial_comment') ?? '',
      blocks: [],
      fileIds: shared.map((file) => file.id),
    });
  }
  return { ok: true, files: shared.map((file) => ({ id: file.id, title: file.title })) };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
