import { describe, expect, it } from 'vitest';
import {
  describeError,
  type ErrorCode,
  isResetError,
  ResetError,
  toResetError,
  utcMinute,
} from '../../../src/domain/errors.js';

/** Every code; the compiler checks the list is complete (see the first test). */
const everyCode = [
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'MEMBER_NOT_MAPPED',
  'IAM_USER_NOT_FOUND',
  'MAPPING_CONFLICT',
  'MAPPING_AMBIGUOUS',
  'USER_PROTECTED',
  'NO_MFA_DEVICES',
  'DEVICE_NOT_ON_USER',
  'REQUEST_NOT_FOUND',
  'REQUEST_ALREADY_HANDLED',
  'REQUEST_EXPIRED',
  'REQUEST_ALREADY_OPEN',
  'DAILY_RESET_LIMIT',
  'REQUEST_TAMPERED',
  'SUBMISSION_REPLAYED',
  'NOT_AN_APPROVER',
  'SELF_APPROVAL',
  'APPROVER_IS_TARGET',
  'ALREADY_APPROVED_BY_YOU',
  'NO_APPROVER_MFA_DEVICE',
  'TOKEN_CODE_FORMAT',
  'TOKEN_CODE_REJECTED',
  'TOKEN_ATTEMPTS_EXHAUSTED',
  'APPROVER_DEVICE_LOCKED',
  'AWS_MFA_REQUIRED',
  'AWS_ACCESS_DENIED',
  'AWS_THROTTLED',
  'AWS_UNAVAILABLE',
  'AWS_DEVICE_NOT_FOUND',
  'AUDIT_STORE_UNAVAILABLE',
  'EXECUTION_INTERRUPTED',
  'OUTCOME_NOT_RECORDED',
  'SLACK_API_ERROR',
  'NOT_AN_AUDITOR',
  'AUDIT_FILTER_INVALID',
  'EXPORT_TOO_LARGE',
  'NOT_YOUR_REQUEST',
  'NO_OPEN_REQUEST',
  'NOT_HELPDESK',
  'MEMBER_DEACTIVATED',
  'APPROVER_DEACTIVATED',
  'MFA_DEVICE_NAME_TAKEN',
  'MFA_DEVICE_LIMIT',
  'INTERNAL',
] as const satisfies readonly ErrorCode[];

type UnlistedCode = Exclude<ErrorCode, (typeof everyCode)[number]>;
const everyCodeListed: [UnlistedCode] extends [never] ? true : false = true;

describe('describeError', () => {
  it('is checked against every error code', () => {
    expect(everyCodeListed).toBe(true);
  });

  it.each(everyCode)('has words for %s: what went wrong and what to do', (code) => {
    const description = describeError(code);
    expect(description.what.trim().length).toBeGreaterThan(10);
    expect(description.next.trim().length).toBeGreaterThan(5);
  });

  it('tells a locked-out approver the minute they may try again, in UTC', () => {
    const { next } = describeError('APPROVER_DEVICE_LOCKED', { retryAt: '2026-05-01T10:41:12.000Z' });
    expect(next).toBe('Try again after 2026-05-01 10:42 UTC.');
  });

  it('says something different for every code', () => {
    const texts = new Set(everyCode.map((code) => describeError(code).what));
    expect(texts.size).toBe(everyCode.length);
  });
});

describe('utcMinute', () => {
  it('rounds up to the next minute, so "after" is never early', () => {
    expect(utcMinute('2026-05-01T10:41:00.000Z')).toBe('2026-05-01 10:41 UTC');
    expect(utcMinute('2026-05-01T10:41:00.001Z')).toBe('2026-05-01 10:42 UTC');
  });
});

describe('toResetError', () => {
  it('returns a coded error as it is', () => {
    const error = new ResetError('USER_PROTECTED', 'alice is protected');
    expect(toResetError(error)).toBe(error);
  });

  it('hides the message of an unknown error behind INTERNAL and keeps it as the cause', () => {
    const unknown = new Error('connect ECONNREFUSED 10.0.0.12:443 with key AKIASECRET');
    const coded = toResetError(unknown);
    expect(coded.code).toBe('INTERNAL');
    expect(coded.message).toBe('An unexpected error occurred.');
    expect(coded.message).not.toContain('AKIASECRET');
    expect(coded.cause).toBe(unknown);
  });

  it.each([['a string'], [undefined], [{ code: 'SELF_APPROVAL' }]])(
    'turns the thrown value %j into INTERNAL',
    (value) => {
      expect(toResetError(value).code).toBe('INTERNAL');
    },
  );
});

describe('ResetError', () => {
  it('is an Error with a stable code, a name and non-secret details', () => {
    const error = new ResetError('REQUEST_EXPIRED', 'expired', { details: { requestId: 'r1' } });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ResetError',
      code: 'REQUEST_EXPIRED',
      details: { requestId: 'r1' },
    });
    expect(isResetError(error)).toBe(true);
  });

  it('has empty details when none are given', () => {
    expect(new ResetError('INTERNAL', 'x').details).toEqual({});
  });

  it('is told apart from other errors', () => {
    expect(isResetError(new Error('x'))).toBe(false);
  });
});
