import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import { blockKitLimits } from '../../block-kit-limits.js';

/**
 * The Block Kit limits the views stay within: Slack's (src/block-kit-limits.ts), and the length of
 * message text the views choose. Text that comes from people or from AWS is truncated to these,
 * never sent as is.
 */
export const BlockKitLimits = {
  ...blockKitLimits,
  /** Not a hard limit (Slack refuses beyond 40,000) but what notifications and screen readers cope with. */
  messageText: 3000,
} as const;

/** Longest free-text reason the modals accept: fits a section after escaping most of it. */
export const reasonMaxLength = 2000;

const ellipsis = '…';
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from people (reasons) or AWS (user names, serials) made inert in mrkdwn: `&`, `<` and `>` are
 * Slack's control characters, so escaping them is what stops `<!channel>` or `<https://evil|bank>`
 * in a reason from pinging a channel or disguising a link. Truncated to `maxLength` *after*
 * escaping, without cutting an entity or a surrogate pair.
 */
export function escapeMrkdwn(raw: string, maxLength: number = Number.POSITIVE_INFINITY): string {
  const escaped = raw.replace(/[&<>]/g, (c) => entities[c] ?? c);
  if (escaped.length <= maxLength) return escaped;
  let out = '';
  for (const char of raw) {
    const piece = entities[char] ?? char;
    if (out.length + piece.length > maxLength - ellipsis.length) break;
    out += piece;
  }
  return out + ellipsis;
}

/** Plain text cut to `maxLength` characters, ending in "…" when cut; never splits a surrogate pair. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > maxLength - ellipsis.length) break;
    out += char;
  }
  return out + ellipsis;
}

/** Keeps both ends: for serials, whose account id and device name are the parts people recognise. */
export function truncateMiddle(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const chars = Array.from(text);
  const keep = maxLength - ellipsis.length;
  let head = '';
  let tail = '';
  let i = 0;
  let j = chars.length - 1;
  // Alternate between the ends so each gets about half, counting UTF-16 units as Slack does.
  while (i <= j) {
    const next = head.length <= tail.length ? chars[i]! : chars[j]!;
    if (head.length + tail.length + next.length > keep) break;
    if (head.length <= tail.length) {
      head += next;
      i += 1;
    } else {
      tail = next + tail;
      j -= 1;
    }
  }
  return head + ellipsis + tail;
}

/**
 * Already-formatted mrkdwn cut to `maxLength` without leaving half an entity (`&am`) or half a
 * token (`<@U12`) behind, which Slack would render as garbage or reject.
 */
export function truncateMrkdwn(mrkdwn: string, maxLength: number): string {
  if (mrkdwn.length <= maxLength) return mrkdwn;
  let cut = truncate(mrkdwn, maxLength).slice(0, -ellipsis.length);
  const openToken = cut.lastIndexOf('<');
  if (openToken > cut.lastIndexOf('>')) cut = cut.slice(0, openToken);
  const openEntity = cut.lastIndexOf('&');
  if (openEntity > cut.lastIndexOf(';')) cut = cut.slice(0, openEntity);
  return cut + ellipsis;
}

export function plainText(text: string, maxLength: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, maxLength), emoji: true };
}

/**
 * mrkdwn the bot wrote itself (user data already escaped). `verbatim` stops Slack from turning bare
 * words such as `@here` or `#channel` into mentions and links; explicit `<@U…>` tokens still work.
 */
export function mrkdwn(text: string, maxLength: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(text, maxLength), verbatim: true };
}

const slackMemberId = /^[UWB][A-Z0-9]{2,}$/;

/** A mention for a Slack member id; anything that is not one is shown as inert text. */
export function mention(slackUserId: string): string {
  return slackMemberId.test(slackUserId) ? `<@${slackUserId}>` : escapeMrkdwn(slackUserId, 100);
}

/** "2024-05-01 10:00 UTC": for plain text and as the fallback of `slackDate`. */
export function formatUtc(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A time each reader sees in their own time zone (Slack date formatting), with a UTC fallback. */
export function slackDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return escapeMrkdwn(iso, 100);
  return `<!date^${Math.floor(time / 1000)}^{date_short_pretty} at {time}|${formatUtc(iso)}>`;
}
