import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../../src/slack/parse/command-text.js';

describe('/mfa-reset text, a table of subcommands', () => {
  it.each([
    ['', { kind: 'request' }],
    ['   ', { kind: 'request' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['-h', { kind: 'help' }],
    ['audit', { kind: 'audit' }],
    [
      'Audit  alice   7',
      { kind: 'audit', filter: { subject: { kind: 'iam-user', iamUserName: 'alice' }, days: 7 } },
    ],
    [
      'audit <@U0ERIN|erin>',
      { kind: 'audit', filter: { subject: { kind: 'member', slackUserId: 'U0ERIN' }, days: 30 } },
    ],
    ['status', { kind: 'status' }],
    ['CANCEL', { kind: 'cancel' }],
    ['<@U0123ABCD>', { kind: 'request-for', targetSlackId: 'U0123ABCD' }],
    ['<@U0123ABCD|alice>', { kind: 'request-for', targetSlackId: 'U0123ABCD' }],
    ['  <@W0123ABCD|alice smith> ', { kind: 'request-for', targetSlackId: 'W0123ABCD' }],
  ])('reads %j', (text, intent) => {
    expect(parseCommandText(text)).toEqual(intent);
  });

  it('carries the problem of a bad audit filter instead of throwing', () => {
    const intent = parseCommandText('audit user:alice');
    expect(intent).toMatchObject({
      kind: 'audit',
      problem: { code: 'AUDIT_FILTER_INVALID', details: { problem: 'unknown' } },
    });
  });

  it.each([
    'helpme',
    'help me',
    'reset alice',
    'x'.repeat(3000),
    'status now',
    'cancel all',
    '@alice',
    '<@alice>',
    '<@U0123ABCD> <@U0456EFGH>',
    '<#C0123ABCD|general>',
  ])('does not know %j', (text) => {
    expect(parseCommandText(text).kind).toBe('unknown');
  });

  it('treats anything that is not a string as unknown', () => {
    expect(parseCommandText(42)).toEqual({ kind: 'unknown', text: '' });
    expect(parseCommandText(undefined)).toEqual({ kind: 'request' });
  });
});
