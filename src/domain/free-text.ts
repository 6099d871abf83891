/**
 * Free text people type (request and denial reasons) is shown to others in Slack, stored in the
 * audit trail and printed by `audit export`. Invisible characters there can make it read
 * differently from what it says: bidirectional overrides reorder it (U+202A–U+202E, U+2066–U+2069),
 * zero-width and other format characters hide or split words (U+200B–U+200F, U+2060–U+2064,
 * U+FEFF, the soft hyphen, tag characters that carry hidden ASCII), and control characters reach
 * terminals (an escape sequence in an exported reason). They are removed; letters of every script,
 * line breaks, tabs and emoji stay.
 *
 * Two exceptions keep ordinary text intact: a zero-width joiner between emoji (👩‍💻 is three
 * code points joined), and a zero-width (non-)joiner between letters of scripts whose spelling
 * needs it (Persian, the Indic scripts); between Latin, Greek or Cyrillic letters it only hides
 * things, so it goes. Tag characters stay only inside a subdivision flag (🏴 + tags + cancel tag).
 */

const ZWNJ = '\u200C';
const ZWJ = '\u200D';

const pattern = new RegExp(
  [
    // A subdivision flag: black flag, tag letters or digits, cancel tag. Kept whole.
    '(\\u{1F3F4}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,30}\\u{E007F})',
    // Joiners, kept or removed depending on their neighbours.
    '[\\u200C\\u200D]',
    // Control characters other than tab and line feed (C0, DEL, C1).
    '[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]',
    // Soft hyphen, Arabic letter mark, Mongolian vowel separator, Hangul fillers shown as blanks.
    '[\\u00AD\\u061C\\u180E\\u3164\\uFFA0]',
    // Zero-width space, left-to-right and right-to-left marks; bidirectional embeddings and overrides.
    '[\\u200B\\u200E\\u200F\\u202A-\\u202E]',
    // Word joiner, invisible operators, bidirectional isolates, deprecated format characters.
    '[\\u2060-\\u206F]',
    // Byte order mark / zero-width no-break space, interlinear annotation characters.
    '[\\uFEFF\\uFFF9-\\uFFFB]',
    // Language tag and tag characters outside a flag.
    '[\\u{E0001}\\u{E0020}-\\u{E007F}]',
  ].join('|'),
  'gu',
);

/** Emoji, optionally with the presentation selector or a skin tone, just before a joiner. */
const emojiBefore = /\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?$/u;
const emojiAfter = /^\p{Extended_Pictographic}/u;
/** A letter or mark of a script that uses joiners in its spelling. */
const joiningLetterBefore = /(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}]$/u;
const joiningLetterAfter = /^(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}]/u;

function keepsJoiner(text: string, offset: number, joiner: string): boolean {
  // A few UTF-16 units either side are enough for one code point plus a modifier.
  const before = text.slice(Math.max(0, offset - 4), offset);
  const after = text.slice(offset + 1, offset + 3);
  if (joiner === ZWJ && emojiBefore.test(before) && emojiAfter.test(after)) return true;
  return joiningLetterBefore.test(before) && joiningLetterAfter.test(after);
}

/** `text` without the characters that can hide, reorder or disguise what others read. */
export function cleanFreeText(text: string): string {
  return text.replace(pattern, (match: string, flag: string | undefined, offset: number, whole: string) => {
    if (flag !== undefined) return match;
    if (match === ZWJ || match === ZWNJ) return keepsJoiner(whole, offset, match) ? match : '';
    return '';
  });
}
