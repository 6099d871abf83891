import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../../src/domain/error-catalogue.js';
import {
  codesWhere,
  describeError,
  type ErrorCode,
  errorCodes,
  inputFieldOf,
  isFault,
  isResetError,
  isTokenRejection,
  ResetError,
  toResetError,
  utcMinute,
} from '../../../src/domain/errors.js';

/** Every code, from the catalogue (the catalogue is where ErrorCode comes from). */
const everyCode = errorCodes;

describe('describeError', () => {
  it.each(everyCode)('has words for %s: what went wrong and what to do', (code) => {
    const description = describeError(code);
    expect(description.what.trim().length).toBeGreaterThan(10);
    expect(description.next.trim().length).toBeGreaterThan(5);
  });

  it('tells a locked-out approver the minute they may try again, in UTC', () => {
    const { next } = describeError('APPROVER_DEVICE_LOCKED', { retryAt: '2026-05-01T10:41:12.000Z' });
    expect(next).toBe('Try again after 2026-05-01 10:42 UTC.');
  });

  it('asks for another try at once when Slack refused a call (an expired trigger_id works the next time)', () => {
    const { next } = describeError('SLACK_API_ERROR', {
      method: 'views.open',
      slackError: 'expired_trigger_id',
    });
    expect(next).toBe('Try again now; if it keeps failing, tell the team that runs the bot.');
  });

  it('says something different for every code', () => {
    const texts = new Set(everyCode.map((code) => describeError(code).what));
    expect(texts.size).toBe(everyCode.length);
  });
});

describe('the catalogue of error codes', () => {
  it('holds every code once, each of one kind: a refusal, a field or a fault', () => {
    expect(everyCode.length).toBeGreaterThan(30);
    for (const code of everyCode) {
      expect(['refusal', 'field', 'fault'], code).toContain(errorCatalogue[code].kind);
    }
  });

  it('makes the lists others keep: the input problems, the refusals of a request, the faults', () => {
    expect([...codesWhere((entry) => entry.kind === 'field')]).toEqual([
      'INPUT_INVALID',
      'TOKEN_CODE_FORMAT',
      'TOKEN_CODE_REJECTED',
      'AUDIT_FILTER_INVALID',
      'VERIFICATION_REQUIRED',
    ]);
    expect([...codesWhere((entry) => entry.refusesRequest === true)].sort()).toEqual(
      [
        'MEMBER_NOT_MAPPED',
        'MAPPING_CONFLICT',
        'MAPPING_AMBIGUOUS',
        'IAM_USER_NOT_FOUND',
        'USER_PROTECTED',
        'NO_MFA_DEVICES',
        'REQUEST_ALREADY_OPEN',
        'DAILY_RESET_LIMIT',
        'NOT_HELPDESK',
        'REQUESTER_NOT_ALLOWED',
        'MEMBER_DEACTIVATED',
      ].sort(),
    );
    // Faults are logged at error: a security incident or a broken dependency is never "expected".
    expect([...codesWhere((entry) => entry.kind === 'fault')]).toEqual(
      expect.arrayContaining([
        'REQUEST_TAMPERED',
        'AUDIT_STORE_UNAVAILABLE',
        'OUTCOME_NOT_RECORDED',
        'INTERNAL',
      ]),
    );
  });

  it('calls a failure of the bot or its configuration a fault, and an answer to the person not', () => {
    const faults: ErrorCode[] = [
      'CONFIG_INVALID',
      'AWS_THROTTLED',
      'NO_APPROVER_MFA_DEVICE',
      'OUTCOME_NOT_RECORDED',
    ];
    const answers: ErrorCode[] = [
      'MEMBER_NOT_MAPPED',
      'USER_PROTECTED',
      'TOKEN_CODE_REJECTED',
      'NOT_HELPDESK',
    ];
    expect(faults.filter((code) => !isFault(code))).toEqual([]);
    expect(answers.filter(isFault)).toEqual([]);
  });

  it('marks the refusals of a request as refusals, and gives a field only to field codes', () => {
    for (const code of everyCode) {
      const entry: { kind: string; refusesRequest?: true; field?: string } = errorCatalogue[code];
      if (entry.refusesRequest) expect(entry.kind, code).toBe('refusal');
      if (entry.field !== undefined) expect(entry.kind, code).toBe('field');
    }
  });

  it('puts a rejected or malformed MFA code beside the code input; other input problems name their block', () => {
    expect(inputFieldOf('TOKEN_CODE_REJECTED')).toBe('tokenCode');
    expect(inputFieldOf('TOKEN_CODE_FORMAT')).toBe('tokenCode');
    expect(inputFieldOf('INPUT_INVALID')).toBeUndefined();
    expect(inputFieldOf('REQUEST_EXPIRED')).toBeUndefined();
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

describe('isTokenRejection', () => {
  it('is true only of a code STS judged wrong, which counts against the attempts and the lockout', () => {
    expect([...codesWhere((entry) => entry.codeRejected === true)]).toEqual(['TOKEN_CODE_REJECTED']);
    expect(isTokenRejection(new ResetError('TOKEN_CODE_REJECTED', 'rejected'))).toBe(true);
  });

  it.each([
    ['a malformed code, which never reached STS', new ResetError('TOKEN_CODE_FORMAT', 'format')],
    ['STS failing to judge the code', new ResetError('AWS_UNAVAILABLE', 'down')],
    ['a thrown value that only looks coded', { code: 'TOKEN_CODE_REJECTED' }],
  ])('is false of %s', (_what, error) => {
    expect(isTokenRejection(error)).toBe(false);
  });
});
