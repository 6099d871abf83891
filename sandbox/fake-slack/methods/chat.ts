import { messageContentError } from '../message-rules.js';
import { withGeneratedIds } from '../normalize.js';
import type { FakeMessage } from '../types.js';
import type { BotIdentity, Workspace } from '../workspace.js';
import { failure, type MethodHandler, stringArg } from './method.js';

/** The message object Slack returns from chat.postMessage / chat.update. */
export function messageObject(message: FakeMessage, identity: BotIdentity): Record<string, unknown> {
  return {
    type: 'message',
    text: message.text,
    user: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    team: identity.teamId,
    ts: message.ts,
    blocks: message.blocks,
    ...(message.threadTs !== undefined && { thread_ts: message.threadTs }),
  };
}

export function addMessage(
  workspace: Workspace,
  message: Omit<FakeMessage, 'ts' | 'editCount' | 'deleted' | 'blocks'> & { blocks: unknown },
): FakeMessage {
  const stored: FakeMessage = {
    ...message,
    blocks: withGeneratedIds(message.blocks, workspace.ids),
    ts: workspace.ids.messageTs(),
    editCount: 0,
    deleted: false,
  };
  workspace.messages.push(stored);
  return stored;
}

const postMessage: MethodHandler = (args, workspace) => {
  const channel = workspace.resolveChannel(stringArg(args, 'channel') ?? '');
  if (channel === undefined) return failure('channel_not_found');
  const contentError = messageContentError(args);
  if (contentError !== undefined) return contentError;
  const threadTs = stringArg(args, 'thread_ts');
  const message = addMessage(workspace, {
    channel: channel.id,
    text: stringArg(args, 'text') ?? '',
    blocks: args.blocks,
    ...(threadTs !== undefined && { threadTs }),
  });
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    message: messageObject(message, workspace.identity),
  };
};

const update: MethodHandler = (args, workspace) => {
  const channel = workspace.resolveChannel(stringArg(args, 'channel') ?? '');
  if (channel === undefined) return failure('channel_not_found');
  const message = workspace.findMessage(channel.id, stringArg(args, 'ts') ?? '');
  // Ephemeral messages can only be changed through their response_url, never chat.update.
  if (message === undefined || message.ephemeralTo !== undefined) return failure('message_not_found');
  // Blocks left out of chat.update are kept; a new text replaces the old one.
  const blocks = args.blocks ?? message.blocks;
  const text = typeof args.text === 'string' ? args.text : message.text;
  const contentError = messageContentError({ text, blocks, attachments: args.attachments });
  if (contentError !== undefined) return contentError;
  message.text = text;
  message.blocks = withGeneratedIds(blocks, workspace.ids);
  message.editCount += 1;
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: messageObject(message, workspace.identity),
  };
};

const postEphemeral: MethodHandler = (args, workspace) => {
  const channel = workspace.resolveChannel(stringArg(args, 'channel') ?? '');
  if (channel === undefined) return failure('channel_not_found');
  const userId = stringArg(args, 'user') ?? '';
  if (!workspace.isMember(channel, userId)) return failure('user_not_in_channel');
  const contentError = messageContentError(args);
  if (contentError !== undefined) return contentError;
  const message = addMessage(workspace, {
    channel: channel.id,
    text: stringArg(args, 'text') ?? '',
    blocks: args.blocks,
    ephemeralTo: userId,
  });
  return { ok: true, message_ts: message.ts };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
};
