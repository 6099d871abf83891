import { el } from './dom.js';
import { unsupported } from './elements.js';
import { emojiImage } from './emoji.js';

/**
 * The rich_text block, basic part: sections, bullet and numbered lists, preformatted text and
 * quotes, with bold / italic / strike / code styles, links, user and channel mentions and emoji.
 */
export function richText(block, ctx) {
  return el(
    'div',
    { class: 'rich-text' },
    ...(block.elements ?? []).map((element) => container(element, ctx)),
  );
}

function container(element, ctx) {
  switch (element.type) {
    case 'rich_text_section':
      return el('div', {}, ...inline(element.elements, ctx));
    case 'rich_text_preformatted':
      return el('pre', { class: 'mrkdwn-pre' }, ...inline(element.elements, ctx));
    case 'rich_text_quote':
      return el('div', { class: 'mrkdwn-quote' }, ...inline(element.elements, ctx));
    case 'rich_text_list':
      return el(
        element.style === 'ordered' ? 'ol' : 'ul',
        {},
        ...(element.elements ?? []).map((item) => el('li', {}, container(item, ctx))),
      );
    default:
      return unsupported('rich text', element.type);
  }
}

function inline(elements, ctx) {
  return (elements ?? []).map((piece) => styled(leaf(piece, ctx), piece.style ?? {}));
}

function leaf(piece, ctx) {
  switch (piece.type) {
    case 'text':
      return String(piece.text ?? '');
    case 'link':
      return /^(https?:|mailto:)/i.test(piece.url ?? '')
        ? el('a', { href: piece.url, target: '_blank', rel: 'noopener noreferrer' }, piece.text ?? piece.url)
        : String(piece.text ?? piece.url ?? '');
    case 'user':
      return el('span', { class: 'mention' }, `@${ctx.names(piece.user_id)}`);
    case 'usergroup':
      return el('span', { class: 'mention' }, `@${piece.usergroup_id}`);
    case 'channel':
      return el('span', { class: 'mention' }, `#${piece.channel_id}`);
    case 'broadcast':
      return el('span', { class: 'mention' }, `@${piece.range}`);
    case 'emoji':
      return emojiImage(piece.name) ?? `:${piece.name}:`;
    default:
      return unsupported('rich text', piece.type);
  }
}

function styled(node, style) {
  let out = node;
  if (style.code) out = el('code', {}, out);
  if (style.bold) out = el('strong', {}, out);
  if (style.italic) out = el('em', {}, out);
  if (style.strike) out = el('s', {}, out);
  return out;
}
