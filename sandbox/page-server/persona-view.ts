import {
  dmChannelFor,
  type FakeFile,
  type FakeMessage,
  type FakeSlack,
  type FakeView,
} from '../fake-slack/index.js';

/**
 * What one member sees in the Slack stand-in, as the page draws it: the channels and their DM with
 * the bot (threads under their parent, ephemeral messages only for them), the modal stack they have
 * open, and their App Home. Blocks go out exactly as the bot sent them; the page renders them.
 */
export interface MessageView {
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
  /** Only this member sees it ("Only visible to you"). */
  readonly ephemeral: boolean;
  /** Files shared with the message (an audit export, for example). */
  readonly files: ReadonlyArray<{ id: string; title: string; filename: string; bytes: number }>;
  readonly replies: MessageView[];
}

export interface ConversationView {
  readonly id: string;
  readonly kind: 'channel' | 'dm';
  readonly name: string;
  readonly messages: MessageView[];
}

export interface ModalLayerView {
  readonly id: string;
  readonly hash: string;
  readonly title: unknown;
  readonly submit: unknown;
  readonly close: unknown;
  readonly blocks: readonly unknown[];
  /** `response_action: errors` of the last submission: block_id → message. */
  readonly errors: Readonly<Record<string, string>>;
}

export interface PersonaView {
  readonly conversations: ConversationView[];
  /** Bottom first; the last layer is the one on screen. Empty when no modal is open. */
  readonly modal: ModalLayerView[];
  readonly home: { readonly id: string; readonly blocks: readonly unknown[] } | null;
}

function messageView(message: FakeMessage, files: readonly FakeFile[]): MessageView {
  const shared = (message.fileIds ?? []).flatMap((id) => files.filter((file) => file.id === id));
  return {
    ts: message.ts,
    text: message.text,
    blocks: message.blocks,
    ephemeral: message.ephemeralTo !== undefined,
    files: shared.map(({ id, title, filename, content }) => ({ id, title, filename, bytes: content.length })),
    replies: [],
  };
}

/** Messages this member can see, oldest first, replies gathered under their thread's parent. */
export function threaded(
  messages: readonly FakeMessage[],
  userId: string,
  files: readonly FakeFile[] = [],
): MessageView[] {
  const visible = messages.filter((m) => m.ephemeralTo === undefined || m.ephemeralTo === userId);
  const top: MessageView[] = [];
  const byTs = new Map<string, MessageView>();
  for (const message of visible) {
    const view = messageView(message, files);
    const parent = message.threadTs === undefined ? undefined : byTs.get(message.threadTs);
    if (parent !== undefined && message.threadTs !== message.ts) parent.replies.push(view);
    else top.push(view);
    byTs.set(message.ts, view);
  }
  return top;
}

function modalLayer(fakeView: FakeView): ModalLayerView {
  const { view } = fakeView;
  return {
    id: fakeView.id,
    hash: view.hash,
    title: view.title,
    submit: view.submit,
    close: view.close,
    blocks: view.blocks,
    errors: fakeView.lastErrors ?? {},
  };
}

export function personaView(
  slack: FakeSlack,
  input: { readonly userId: string; readonly channels: ReadonlyArray<{ id: string; name: string }> },
): PersonaView {
  const { userId } = input;
  const channels: ConversationView[] = input.channels.map((channel) => ({
    id: channel.id,
    kind: 'channel',
    name: channel.name,
    messages: threaded(slack.messagesIn(channel.id), userId, slack.files()),
  }));
  const dm: ConversationView = {
    id: dmChannelFor(userId),
    kind: 'dm',
    name: 'mfa-reset-bot',
    messages: threaded(slack.dmsTo(userId), userId, slack.files()),
  };
  const home = slack.homeViewOf(userId);
  return {
    conversations: [...channels, dm],
    modal: slack.openModalOf(userId).map(modalLayer),
    home: home === undefined ? null : { id: home.id, blocks: home.view.blocks },
  };
}

/** The bot's recent Web API calls, newest first, with Slack's refusals spelled out. */
export function apiLog(slack: FakeSlack, max = 40) {
  return slack
    .calls()
    .slice(-max)
    .reverse()
    .map((call) => {
      const metadata = call.response.response_metadata as { messages?: unknown } | undefined;
      return {
        at: call.at,
        method: call.method,
        ok: call.response.ok,
        ...(call.response.error !== undefined && { error: call.response.error }),
        ...(Array.isArray(metadata?.messages) && { messages: metadata.messages.map(String) }),
      };
    });
}
