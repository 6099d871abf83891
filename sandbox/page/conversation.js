import { getJson } from './api.js';
import { renderBlocks } from './block-kit.js';
import { clock, el } from './dom.js';
import { emojiImage } from './emoji.js';
import { mrkdwn } from './mrkdwn.js';

/**
 * A channel or the DM with the bot, as Slack lays it out: the bot's messages (blocks when there are
 * any, else the text), thread replies under their parent, "Only visible to you" on ephemeral ones,
 * then what Slack itself told the member. Buttons in messages send block_actions from that message.
 */
export function renderConversation(conversation, state, app) {
  const list = el('div', { class: 'messages', dataset: { conversation: conversation.id } });
  if (conversation.messages.length === 0) {
    list.append(el('p', { class: 'empty' }, emptyText(conversation, app)));
  }
  for (const message of conversation.messages) list.append(renderMessage(message, conversation, app));
  for (const notice of state.notices ?? []) list.append(renderNotice(notice));
  return list;
}

function emptyText(conversation, app) {
  if (conversation.kind === 'dm')
    return `Nothing from ${app.cast.appName} yet: it writes here about your requests.`;
  return 'No messages yet. Type a slash command below, for example /mfa-reset.';
}

function renderMessage(message, conversation, app) {
  const act = (action) =>
    app
      .send('/api/action', { ...action, source: { channel: conversation.id, ts: message.ts } })
      .then(app.toastError);
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  const content = hasBlocks
    ? renderBlocks(message.blocks, { names: app.names, act })
    : mrkdwn(message.text, app.names);
  const node = el(
    'article',
    { class: `message${message.ephemeral ? ' ephemeral' : ''}`, dataset: { ts: message.ts } },
    el('div', { class: 'avatar bot' }, 'M'),
    el(
      'div',
      { class: 'message-main' },
      el(
        'div',
        { class: 'message-meta' },
        el('strong', {}, app.cast.appName),
        el('span', { class: 'app-badge' }, 'APP'),
        el('span', { class: 'time' }, clock(Number(message.ts.split('.')[0]) * 1000)),
        message.ephemeral ? el('span', { class: 'only-you' }, 'Only visible to you') : null,
      ),
      content,
      ...(message.files ?? []).map(renderFile),
      message.replies.length > 0
        ? el(
            'div',
            { class: 'thread' },
            el(
              'div',
              { class: 'thread-count' },
              `${message.replies.length} ${message.replies.length === 1 ? 'reply' : 'replies'}`,
            ),
            ...message.replies.map((reply) => renderMessage(reply, conversation, app)),
          )
        : null,
    ),
  );
  return node;
}

/** A shared file (an audit export): its name, and its text on demand, shown as text only. */
function renderFile(file) {
  const body = el('pre', { class: 'file-content' });
  const card = el(
    'details',
    {
      class: 'file',
      dataset: { fileId: file.id },
      ontoggle: async () => {
        if (!card.open || body.textContent !== '') return;
        const { body: answer } = await getJson(`/api/file?id=${encodeURIComponent(file.id)}`);
        body.textContent = answer.content ?? answer.error ?? '';
      },
    },
    el(
      'summary',
      {},
      emojiImage('page_facing_up'),
      ` ${file.title || file.filename}`,
      el('span', { class: 'file-size' }, ` ${file.filename}, ${file.bytes} bytes`),
    ),
    body,
  );
  return card;
}

function renderNotice(notice) {
  return el(
    'article',
    { class: 'message ephemeral slack-notice', role: 'status' },
    el('div', { class: 'avatar slackbot' }, 'S'),
    el(
      'div',
      { class: 'message-main' },
      el(
        'div',
        { class: 'message-meta' },
        el('strong', {}, 'Slackbot'),
        el('span', { class: 'time' }, clock(notice.at)),
        el('span', { class: 'only-you' }, 'Only visible to you'),
      ),
      el('div', {}, notice.text),
      notice.detail ? el('details', {}, el('summary', {}, 'Details'), el('pre', {}, notice.detail)) : null,
    ),
  );
}
