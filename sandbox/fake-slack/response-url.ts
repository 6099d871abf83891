import { isObject } from './block-rules.js';
import { messageContentError } from './message-rules.js';
import { addMessage } from './methods/chat.js';
import { withGeneratedIds } from './normalize.js';
import type { RecordedResponse } from './types.js';
import type { Workspace } from './workspace.js';

export interface ResponseUrlAnswer {
  status: number;
  /** Plain text, as Slack answers response_url posts. */
  text: string;
}

/**
 * A POST to a response_url: Slack replaces or deletes the original message, posts in the channel
 * (`response_type: in_channel`) or, by default, shows an ephemeral message to the user who interacted.
 */
export function postToResponseUrl(
  workspace: Workspace,
  request: { id: string; url: string; body: unknown },
): ResponseUrlAnswer {
  const context = workspace.responseUrls.get(request.id);
  if (context === undefined) return { status: 404, text: 'no_such_response_url' };
  const record = (status: number): void => {
    const body = isObject(request.body) ? request.body : { unparsed: request.body };
    const response: RecordedResponse = {
      id: request.id,
      url: request.url,
      body,
      at: workspace.now(),
      context,
      status,
    };
    workspace.responses.push(response);
  };
  if (!isObject(request.body)) {
    record(400);
    return { status: 400, text: 'invalid_payload' };
  }
  const body = request.body;
  const original =
    context.messageTs === undefined ? undefined : workspace.findMessage(context.channelId, context.messageTs);
  if (body.delete_original === true || body.delete_original === 'true') {
    if (original !== undefined) original.deleted = true;
    record(200);
    return { status: 200, text: 'ok' };
  }
  const contentError = messageContentError(body);
  if (contentError !== undefined) {
    record(400);
    return { status: 400, text: contentError.error ?? 'invalid_payload' };
  }
  const text = typeof body.text === 'string' ? body.text : '';
  if ((body.replace_original === true || body.replace_original === 'true') && original !== undefined) {
    original.text = text;
    original.blocks = withGeneratedIds(body.blocks, workspace.ids);
    original.editCount += 1;
  } else {
    addMessage(workspace, {
      channel: context.channelId,
      text,
      blocks: body.blocks,
      ...(body.response_type !== 'in_channel' && { ephemeralTo: context.userId }),
    });
  }
  record(200);
  return { status: 200, text: 'ok' };
}
