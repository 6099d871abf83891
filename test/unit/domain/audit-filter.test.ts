import { describe, expect, it } from 'vitest';
import {
  auditFilterDetails,
  auditFilterFromFields,
  auditFilterFromWords,
  describeAuditSubject,
} from '../../../src/domain/audit-filter.js';
import { isResetError, type ResetError } from '../../../src/domain/errors.js';

function problemOf(run: () => unknown): Pick<ResetError, 'code'> & { details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (isResetError(error)) return { code: error.code, details: { ...error.details } };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('audit filters from the command words', () => {
  it.each([
    [[], { subject: { kind: 'all' }, days: 30 }],
    [['7'], { subject: { kind: 'all' }, days: 7 }],
    [['alice'], { subject: { kind: 'iam-user', iamUserName: 'alice' }, days: 30 }],
    [
      ['alice@example.com', '14d'],
      { subject: { kind: 'iam-user', iamUserName: 'alice@example.com' }, days: 14 },
    ],
    [['<@U0ERIN|erin>'], { subject: { kind: 'member', slackUserId: 'U0ERIN' }, days: 30 }],
    [['<@W0ERIN>', '365'], { subject: { kind: 'member', slackUserId: 'W0ERIN' }, days: 365 }],
    [
      ['0b9d4c1e-5f2a-4e3b-9c8d-7a6b5c4d3e2f', '1'],
      { subject: { kind: 'request', requestId: '0b9d4c1e-5f2a-4e3b-9c8d-7a6b5c4d3e2f' }, days: 1 },
    ],
  ])('reads %j', (words, filter) => {
    expect(auditFilterFromWords(words)).toEqual(filter);
  });

  it.each([
    [['user:alice'], { field: 'filter', problem: 'unknown', value: 'user:alice' }],
    [['@alice'], { field: 'member', problem: 'malformed', value: '@alice' }],
    [['<@alice>'], { field: 'member', problem: 'malformed', value: '<@alice>' }],
    [['alice', '0'], { field: 'days', problem: 'malformed', value: '0' }],
    [['alice', '366'], { field: 'days', problem: 'malformed', value: '366' }],
    [['alice', '-5'], { field: 'days', problem: 'malformed', value: '-5' }],
    [['alice', 'week'], { field: 'days', problem: 'malformed', value: 'week' }],
    [['alice', '7', 'bob'], { field: 'filter', problem: 'too_many', value: 'bob' }],
  ])('refuses %j naming the field, the problem and the value', (words, details) => {
    expect(problemOf(() => auditFilterFromWords(words))).toEqual({ code: 'AUDIT_FILTER_INVALID', details });
  });
});

describe('audit filters from the modal fields', () => {
  it('reads one subject and the period, ignoring empty fields', () => {
    expect(auditFilterFromFields({ iamUser: ' alice ', member: '', requestId: '  ', days: '7' })).toEqual({
      subject: { kind: 'iam-user', iamUserName: 'alice' },
      days: 7,
    });
    expect(auditFilterFromFields({})).toEqual({ subject: { kind: 'all' }, days: 30 });
  });

  it.each([
    [{ iamUser: 'alice', member: 'U0ERIN' }, 'filter', 'too_many'],
    [{ iamUser: 'alice smith' }, 'iamUser', 'malformed'],
    [{ member: 'erin' }, 'member', 'malformed'],
    [{ requestId: 'a/b' }, 'requestId', 'malformed'],
    [{ requestId: 'x'.repeat(129) }, 'requestId', 'malformed'],
    [{ days: '1.5' }, 'days', 'malformed'],
  ])('refuses %j', (fields, field, problem) => {
    expect(problemOf(() => auditFilterFromFields(fields)).details).toMatchObject({ field, problem });
  });
});

describe('describing a filter', () => {
  it('names the subject and gives flat, non-secret details for the audit event', () => {
    const filter = { subject: { kind: 'member' as const, slackUserId: 'U0ERIN' }, days: 7 };
    expect(describeAuditSubject(filter.subject)).toBe('member U0ERIN');
    expect(auditFilterDetails(filter)).toEqual({ filter: 'member', filterValue: 'U0ERIN', days: 7 });
    expect(auditFilterDetails({ subject: { kind: 'all' }, days: 30 })).toEqual({ filter: 'all', days: 30 });
  });
});
