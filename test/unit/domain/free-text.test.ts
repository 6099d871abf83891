import { describe, expect, it } from 'vitest';
import { cleanFreeText } from '../../../src/domain/free-text.js';

const codePoints = (text: string) =>
  [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);

describe('cleanFreeText', () => {
  it.each([
    ['right-to-left override (Trojan Source)', 'Lost phone \u202Eenohp tsoL', 'Lost phone enohp tsoL'],
    ['every bidirectional embedding and override', 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef', 'abcdef'],
    ['bidirectional isolates', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde'],
    ['left-to-right and right-to-left marks', 'a\u200Eb\u200Fc', 'abc'],
    ['zero-width space inside a word', 'ad\u200Bmin', 'admin'],
    ['zero-width joiners between Latin letters', 'al\u200Dic\u200Ce', 'alice'],
    ['word joiner and invisible operators', 'a\u2060b\u2061c\u2062d\u2063e\u2064f', 'abcdef'],
    ['byte order mark', '\uFEFFreason', 'reason'],
    ['soft hyphen, Arabic letter mark, Mongolian vowel separator', 'a\u00ADb\u061Cc\u180Ed', 'abcd'],
    ['Hangul fillers that show as blanks', 'a\u3164b\uFFA0c', 'abc'],
    ['interlinear annotation characters', 'a\uFFF9b\uFFFAc\uFFFBd', 'abcd'],
    ['a terminal escape sequence', 'ok\u001B[2J\u001B]0;pwned\u0007', 'ok[2J]0;pwned'],
    ['NUL, carriage return, DEL and C1 controls', 'a\u0000b\rc\u007Fd\u0085e\u009Bf', 'abcdef'],
    ['tag characters carrying hidden ASCII', 'hi\u{E0001}\u{E0069}\u{E0067}\u{E006E}\u{E007F}', 'hi'],
  ])('removes %s', (_what, input, expected) => {
    expect(codePoints(cleanFreeText(input))).toEqual(codePoints(expected));
  });

  it.each([
    ['line breaks and tabs', 'line one\nline two\twith a tab'],
    ['non-Latin scripts', 'Телефон потерян · 手机丢了 · फ़ोन खो गया · الهاتف ضاع · טלפון אבד'],
    ['Persian with the zero-width non-joiner its spelling needs', 'می\u200Cخواهم گوشی\u200Cام را'],
    ['Devanagari with a zero-width joiner after a virama', 'क्\u200Dष'],
    ['emoji, with skin tones and presentation selectors', '📱❤️👍🏽'],
    ['emoji joined into one (ZWJ sequences)', '👩\u200D💻 👨\u200D👩\u200D👧 🏳️\u200D🌈 🏃🏽\u200D♀️'],
    ['a subdivision flag made of tag characters', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['accents, typographic quotes and dashes', 'Café “naïve” — it’s fine'],
  ])('keeps %s', (_what, text) => {
    expect(cleanFreeText(text)).toBe(text);
  });

  it('removes a joiner between an emoji and a letter', () => {
    expect(cleanFreeText('📱\u200Dx')).toBe('📱x');
  });

  it('gives the same text when cleaned twice', () => {
    const dirty = 'a\u202Eb\u200Bc 👩\u200D💻 \u{E0041}';
    expect(cleanFreeText(cleanFreeText(dirty))).toBe(cleanFreeText(dirty));
  });
});
