import type { webApi } from '@slack/bolt';
import { ResetError } from '../domain/errors.js';
import { slackApiError } from './errors.js';

/** The Web API methods a DM upload calls; Bolt's `app.client` is one. */
export interface FileUploadClient {
  readonly conversations: Pick<webApi.WebClient['conversations'], 'open'>;
  readonly files: Pick<webApi.WebClient['files'], 'getUploadURLExternal' | 'completeUploadExternal'>;
}

export interface DmFile {
  readonly filename: string;
  readonly title: string;
  readonly content: string;
  /** The message that introduces the file in the DM. */
  readonly comment: string;
}

/** How long the upload of the bytes may take before it is abandoned. */
const UPLOAD_TIMEOUT_MS = 30_000;

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw slackApiError(method, error);
  }
}

/**
 * Slack's external upload flow into the member's DM with the bot: open the DM
 * (conversations.open, im:write), reserve an upload URL for the exact byte length
 * (files.getUploadURLExternal, files:write), POST the bytes there, then share the file in the DM
 * with its comment (files.completeUploadExternal). Each failure is SLACK_API_ERROR naming the step.
 */
export async function uploadToDm(
  client: FileUploadClient,
  slackUserId: string,
  file: DmFile,
  post: typeof fetch = fetch,
): Promise<void> {
  const opened = await call('conversations.open', () => client.conversations.open({ users: slackUserId }));
  const channelId = opened.channel?.id;
  const bytes = Buffer.from(file.content, 'utf8');
  const reserved = await call('files.getUploadURLExternal', () =>
    client.files.getUploadURLExternal({ filename: file.filename, length: bytes.byteLength }),
  );
  if (channelId === undefined || reserved.upload_url === undefined || reserved.file_id === undefined) {
    throw new ResetError('SLACK_API_ERROR', 'Slack returned no DM channel, upload URL or file id.', {
      details: { method: 'files.getUploadURLExternal' },
    });
  }
  let status: number;
  try {
    const response = await post(reserved.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    status = response.status;
    await response.arrayBuffer();
  } catch (error) {
    throw new ResetError('SLACK_API_ERROR', 'The file upload to Slack failed.', {
      details: { method: 'file upload' },
      cause: error,
    });
  }
  if (status !== 200) {
    throw new ResetError('SLACK_API_ERROR', `Slack refused the file upload (HTTP ${status}).`, {
      details: { method: 'file upload', httpStatus: status },
    });
  }
  await call('files.completeUploadExternal', () =>
    client.files.completeUploadExternal({
      files: [{ id: reserved.file_id!, title: file.title }],
      channel_id: channelId,
      initial_comment: file.comment,
    }),
  );
}
