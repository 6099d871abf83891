import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  formatUtc,
  mention,
  slackDate,
  truncate,
  truncateMiddle,
  truncateMrkdwn,
} from '../../../src/slack/views/text.js';

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a & b <!channel> c > d "e" \'f\' *g*')).toBe(
      'a &amp; b &lt;!channel&gt; c &gt; d "e" \'f\' *g*',
    );
  });

  it('escapes an already escaped entity again, so it shows as typed', () => {
    expect(escapeMrkdwn('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });

  it('truncates after escaping without cutting an entity', () => {
    const escaped = escapeMrkdwn('<'.repeat(100), 10);
    expect(escaped).toBe('&lt;&lt;…');
    expect(escaped.length).toBeLessThanOrEqual(10);
  });
});

describe('truncation', () => {
  it('leaves short text alone and ends cut text with an ellipsis within the limit', () => {
    expect(truncate('short', 24)).toBe('short');
    expect(truncate('x'.repeat(30), 24)).toHaveLength(24);
    expect(truncate('x'.repeat(30), 24).endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('🔐'.repeat(20), 6);
    expect(cut).toBe('🔐🔐…');
  });

  it('keeps both ends of a long serial', () => {
    const cut = truncateMiddle(`arn:aws:iam::123456789012:mfa/${'n'.repeat(100)}-alice`, 40);
    expect(cut).toHaveLength(40);
    expect(cut.startsWith('arn:aws:iam::12')).toBe(true);
    expect(cut.endsWith('n-alice')).toBe(true);
  });

  it('does not leave half a mention or half an entity when cutting mrkdwn', () => {
    expect(truncateMrkdwn('hello <@U0ALICE>', 12)).toBe('hello …');
    expect(truncateMrkdwn('hello &amp; more', 10)).toBe('hello …');
  });
});

describe('mentions and dates', () => {
  it('mentions Slack member ids and shows anything else as inert text', () => {
    expect(mention('U0ALICE')).toBe('<@U0ALICE>');
    expect(mention('W0ENTERPRISE')).toBe('<@W0ENTERPRISE>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(mention('bot')).toBe('bot');
  });

  it('formats a time for each reader with a UTC fallback', () => {
    expect(slackDate('2024-05-01T11:00:00.000Z')).toBe(
      '<!date^1714561200^{date_short_pretty} at {time}|2024-05-01 11:00 UTC>',
    );
    expect(formatUtc('not a date')).toBe('not a date');
    expect(slackDate('<bad>')).toBe('&lt;bad&gt;');
  });
});
