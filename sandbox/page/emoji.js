/**
 * Slack emoji shortcodes the bot and Block Kit texts commonly use, as Unicode. Anything not listed
 * stays as its `:shortcode:`, which is how Slack shows an emoji it does not know either.
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
};

const shortcode = /:([a-z0-9_+-]+):/g;

export function withEmoji(text) {
  return text.replace(shortcode, (whole, name) => emoji[name] ?? whole);
}
