import { describe, expect, it } from 'vitest';
import {
  assertMayDecide,
  assertNotAlreadyApprovedBy,
  normaliseTokenCode,
  type ProtectionRules,
  protectionReason,
} from '../../../src/domain/authorisation.js';
import { globToRegExp } from '../../../src/domain/glob.js';
import { ALICE, ERIN, SAM } from '../fakes/people.js';
import { aRequest } from '../fakes/request-builder.js';

describe('assertMayDecide', () => {
  const request = aRequest();

  it('lets an approver decide on someone else’s request', () => {
    expect(() => assertMayDecide(request, { approverSlackId: ERIN, isApprover: true })).not.toThrow();
  });

  it('refuses approval when the approver is the requester', () => {
    expect(() => assertMayDecide(request, { approverSlackId: ALICE, isApprover: true })).toThrow(
      expect.objectContaining({ code: 'SELF_APPROVAL', details: { requestId: request.id, approver: ALICE } }),
    );
  });

  it('refuses approval when the approver is the target of a request someone else made', () => {
    const forApprover = aRequest({
      requesterSlackId: SAM,
      target: { slackUserId: ERIN, iamUserName: 'approver' },
    });
    expect(() => assertMayDecide(forApprover, { approverSlackId: ERIN, isApprover: true })).toThrow(
      expect.objectContaining({ code: 'APPROVER_IS_TARGET' }),
    );
  });

  it('refuses a member who is not an approver', () => {
    expect(() => assertMayDecide(request, { approverSlackId: 'U0OTHER', isApprover: false })).toThrow(
      expect.objectContaining({ code: 'NOT_AN_APPROVER' }),
    );
  });

  it('names self-approval, not missing rights, when a non-approver decides on their own request', () => {
    expect(() => assertMayDecide(request, { approverSlackId: ALICE, isApprover: false })).toThrow(
      expect.objectContaining({ code: 'SELF_APPROVAL' }),
    );
  });
});

describe('assertNotAlreadyApprovedBy', () => {
  const approved = aRequest({ approvals: [{ slackUserId: ERIN, at: '2025-03-03T09:01:00.000Z' }] });

  it('refuses a second approval by the same approver', () => {
    expect(() => assertNotAlreadyApprovedBy(approved, ERIN)).toThrow(
      expect.objectContaining({ code: 'ALREADY_APPROVED_BY_YOU' }),
    );
  });

  it('lets another approver add theirs', () => {
    expect(() => assertNotAlreadyApprovedBy(approved, SAM)).not.toThrow();
  });
});

describe('protectionReason', () => {
  const rules: ProtectionRules = {
    users: ['admin-*', 'break-glass', 'ops-?'],
    tag: 'mfa-reset-protected',
    botUserName: 'mfa-reset-bot',
  };
  const user = (userName: string, tags: Record<string, string> = {}) => ({ userName, tags });

  it('lets an ordinary user be reset', () => {
    expect(protectionReason(user('alice'), rules)).toBeUndefined();
  });

  it('protects the bot’s own IAM user', () => {
    expect(protectionReason(user('mfa-reset-bot'), rules)).toBe('the bot’s own IAM user');
  });

  it.each(['admin-root', 'admin-', 'break-glass', 'ops-1'])('protects %s by a protect.users glob', (name) => {
    expect(protectionReason(user(name), rules)).toMatch(/^matches protect.users pattern "/);
  });

  it.each(['sysadmin-root', 'break-glass-2', 'ops-12', 'ops-'])(
    'does not protect %s: globs match whole names',
    (name) => {
      expect(protectionReason(user(name), rules)).toBeUndefined();
    },
  );

  it('names the pattern that matched', () => {
    expect(protectionReason(user('admin-root'), rules)).toBe('matches protect.users pattern "admin-*"');
  });

  it.each(['true', '', 'yes', 'TRUE'])('protects a user carrying the tag with value "%s"', (value) => {
    expect(protectionReason(user('carol', { 'mfa-reset-protected': value }), rules)).toBe(
      'carries the tag mfa-reset-protected',
    );
  });

  it.each(['false', 'False', 'FALSE'])('does not protect a user whose tag says "%s"', (value) => {
    expect(protectionReason(user('carol', { 'mfa-reset-protected': value }), rules)).toBeUndefined();
  });

  // IAM user names and IAM users' tag keys are unique without regard to case: one user, one tag.
  it.each(['Admin-Root', 'ADMIN-ROOT', 'Break-Glass', 'OPS-1'])(
    'protects %s by a protect.users glob written in another case',
    (name) => {
      expect(protectionReason(user(name), rules)).toMatch(/^matches protect.users pattern "/);
    },
  );

  it('protects the bot’s own IAM user whatever case the configuration writes it in', () => {
    expect(protectionReason(user('MFA-Reset-Bot'), rules)).toBe('the bot’s own IAM user');
  });

  it.each(['MFA-Reset-Protected', 'MFA-RESET-PROTECTED'])(
    'protects a user whose protection tag key is written %s',
    (key) => {
      expect(protectionReason(user('carol', { [key]: 'true' }), rules)).toBe(`carries the tag ${key}`);
      expect(protectionReason(user('carol', { [key]: 'false' }), rules)).toBeUndefined();
    },
  );

  it('ignores tags when no protection tag is configured', () => {
    expect(protectionReason(user('carol', { 'mfa-reset-protected': 'true' }), { users: [] })).toBeUndefined();
  });
});

describe('globToRegExp', () => {
  it('treats regular-expression characters in a glob literally', () => {
    expect(globToRegExp('a.b+c').test('a.b+c')).toBe(true);
    expect(globToRegExp('a.b+c').test('axbbc')).toBe(false);
  });

  it('matches names without case, as IAM tells them apart', () => {
    expect(globToRegExp('admin-*').test('Admin-Root')).toBe(true);
    expect(globToRegExp('Break-Glass').test('break-glass')).toBe(true);
  });

  it('matches * across any run of characters, including none', () => {
    expect(globToRegExp('svc-*-prod').test('svc--prod')).toBe(true);
    expect(globToRegExp('svc-*-prod').test('svc-api-v2-prod')).toBe(true);
  });
});

describe('normaliseTokenCode', () => {
  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['123-456', '123456'],
    [' 123456 ', '123456'],
    ['012345', '012345'],
  ])('accepts "%s" as %s', (input, code) => {
    expect(normaliseTokenCode(input)).toBe(code);
  });

  it.each(['12345', '1234567', 'abcdef', '', '12345a', '１２３４５６'])('rejects "%s"', (input) => {
    expect(normaliseTokenCode(input)).toBeUndefined();
  });
});
