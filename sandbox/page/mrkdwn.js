import { append, el } from './dom.js';
import { emojiNodes } from './emoji.js';

/**
 * Slack's mrkdwn, the basic part: *bold*, _italic_, ~strike~, `code`, ```preformatted```,
 * > quotes, line breaks, <@U…> mentions, <#C…|name>, <!here>, <!subteam^S…>, <!date^…|…>,
 * <url|text> links and the &amp; &lt; &gt; escapes. Output is DOM built from text nodes only:
 * whatever the text holds, it is shown, never run. `names` turns member IDs into names.
 */
const entities = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
const decode = (text) => text.replace(/&(amp|lt|gt);/g, (e) => entities[e]);
const wordChar = /[\p{L}\p{N}]/u;
const markers = { '*': 'strong', _: 'em', '~': 's' };
const inline = /`[^`\n]+`|<[^<>\n]+>|\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~/g;

export function mrkdwn(text, names, options = {}) {
  const root = el('span', { class: 'mrkdwn' });
  const parts = String(text).split(/```([\s\S]*?)```/);
  parts.forEach((part, index) => {
    if (index % 2 === 1) root.append(el('pre', { class: 'mrkdwn-pre' }, decode(part.replace(/^\n/, ''))));
    else append(root, lines(part, names, options));
  });
  return root;
}

function lines(text, names, options) {
  const nodes = [];
  const all = text.split('\n');
  all.forEach((line, index) => {
    const quote = /^>\s?(.*)$/.exec(line);
    const content = spans(quote ? quote[1] : line, names, options);
    nodes.push(quote ? el('span', { class: 'mrkdwn-quote' }, content) : content);
    if (index < all.length - 1 && !quote) nodes.push(el('br'));
  });
  return nodes;
}

/** Inline formatting; a marker counts only at word boundaries, as in Slack (snake_case stays). */
function spans(text, names, options) {
  const nodes = [];
  let last = 0;
  // A regex of its own per call: the recursion for nested formatting must not move this one's place.
  const pattern = new RegExp(inline.source, 'g');
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const token = match[0];
    const marker = markers[token[0]];
    const before = text[match.index - 1];
    const after = text[match.index + token.length];
    if (marker && ((before && wordChar.test(before)) || (after && wordChar.test(after)))) {
      pattern.lastIndex = match.index + 1;
      continue;
    }
    nodes.push(plain(text.slice(last, match.index), options));
    if (marker) nodes.push(el(marker, {}, spans(token.slice(1, -1), names, options)));
    else if (token[0] === '`') nodes.push(el('code', {}, decode(token.slice(1, -1))));
    else nodes.push(angleToken(token.slice(1, -1), names));
    last = match.index + token.length;
  }
  nodes.push(plain(text.slice(last), options));
  return nodes;
}

function plain(text, options) {
  const decoded = decode(text);
  return options.emoji === false ? decoded : emojiNodes(decoded);
}

function angleToken(inside, names) {
  const [target, rawLabel] = splitOnce(inside, '|');
  const label = rawLabel === undefined ? undefined : decode(rawLabel);
  if (target.startsWith('@')) return el('span', { class: 'mention' }, `@${label ?? names(target.slice(1))}`);
  if (target.startsWith('#')) return el('span', { class: 'mention' }, `#${label ?? target.slice(1)}`);
  if (target.startsWith('!date^')) return el('time', {}, slackDate(target, label));
  if (target.startsWith('!subteam^')) return el('span', { class: 'mention' }, label ?? `@${target.slice(9)}`);
  if (target.startsWith('!')) return el('span', { class: 'mention' }, `@${label ?? target.slice(1)}`);
  const text = label ?? decode(target);
  if (!/^(https?:|mailto:)/i.test(target)) return text;
  return el('a', { href: decode(target), target: '_blank', rel: 'noopener noreferrer' }, text);
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** `!date^1700000000^{date_short_pretty} at {time}` in the reader's time zone, else the fallback. */
function slackDate(target, fallback) {
  const [, seconds, format = '{date}'] = target.split('^');
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return fallback ?? target;
  const day = (style) => date.toLocaleDateString([], { dateStyle: style });
  const pretty = (style) => {
    const days = Math.round((startOfDay(date) - startOfDay(new Date())) / 86_400_000);
    return { 0: 'today', '-1': 'yesterday', 1: 'tomorrow' }[days] ?? day(style);
  };
  const values = {
    date_num: date.toISOString().slice(0, 10),
    date: day('long'),
    date_short: day('medium'),
    date_long: date.toLocaleDateString([], { dateStyle: 'full' }),
    date_pretty: pretty('long'),
    date_short_pretty: pretty('medium'),
    date_long_pretty: pretty('full'),
    time: date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    time_secs: date.toLocaleTimeString(),
  };
  return format.replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);
}

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}
