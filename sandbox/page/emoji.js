import { el } from './dom.js';

/**
 * Slack emoji shortcodes the bot and Block Kit texts commonly use, as Unicode. Anything not listed
 * stays as its `:shortcode:`, which is how Slack shows an emoji it does not know either. Each has
 * an image in emoji/ (see emoji/README.md): many machines have no emoji font.
 */
const emoji = {
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  large_green_circle: '🟢',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  gear: '⚙️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  heavy_multiplication_x: '✖️',
  heavy_minus_sign: '➖',
  heavy_plus_sign: '➕',
  warning: '⚠️',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  closed_lock_with_key: '🔐',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  mag: '🔍',
  memo: '📝',
  clipboard: '📋',
  scroll: '📜',
  link: '🔗',
  bell: '🔔',
  information_source: 'ℹ️',
  question: '❓',
  exclamation: '❗',
  rotating_light: '🚨',
  shield: '🛡️',
  iphone: '📱',
  calendar: '📅',
  clock1: '🕐',
  tada: '🎉',
  wave: '👋',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  eyes: '👀',
  robot_face: '🤖',
  arrow_right: '➡️',
  leftwards_arrow_with_hook: '↩️',
  // The page's own: files in a DM, images it does not load.
  page_facing_up: '📄',
  frame_with_picture: '🖼️',
};

/** The names the page knows, each with its image (the browser test loads every one). */
export const emojiNames = Object.keys(emoji);

const shortcode = /:([a-z0-9_+-]+):/g;

/** As plain text, where no image can go (attributes, select options, placeholders). */
export function withEmoji(text) {
  return text.replace(shortcode, (whole, name) => emoji[name] ?? whole);
}

/** The image's file: the code points in hex without U+FE0F, as Twemoji names them. */
const imageOf = (character) =>
  `emoji/${[...character]
    .map((c) => c.codePointAt(0).toString(16))
    .filter((hex) => hex !== 'fe0f')
    .join('-')}.svg`;

/** One emoji by its name, as the page's image of it; undefined when the page does not know it. */
export function emojiImage(name) {
  const character = emoji[name];
  if (character === undefined) return undefined;
  // alt is the character, so that copying the text copies the emoji; the name shows on hover.
  return el('img', { class: 'emoji', src: imageOf(character), alt: character, title: `:${name}:` });
}

/** Text with each known `:shortcode:` drawn as its image, for text nodes; the rest stays as it is. */
export function emojiNodes(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(shortcode)) {
    const image = emojiImage(match[1]);
    if (image === undefined) continue;
    nodes.push(text.slice(last, match.index), image);
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}
