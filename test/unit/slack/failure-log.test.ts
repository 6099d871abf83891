import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import { logFailure } from '../../../src/slack/failure-log.js';
import { RecordingLogger } from '../fakes/recording-logger.js';

describe('logFailure', () => {
  it.each([
    'NOT_AN_APPROVER',
    'USER_PROTECTED',
    'REQUEST_ALREADY_HANDLED',
    'TOKEN_CODE_REJECTED',
    'INPUT_INVALID',
  ] as const)('logs %s, an answer to the person, once at info as "refused"', (code) => {
    const logger = new RecordingLogger();
    const coded = logFailure(logger, new ResetError(code, 'no'), { step: 'test' });
    expect(coded.code).toBe(code);
    expect(logger.entries).toEqual([
      { level: 'info', fields: expect.objectContaining({ code, step: 'test' }), message: 'refused' },
    ]);
  });

  it.each([
    'REQUEST_TAMPERED',
    'AUDIT_STORE_UNAVAILABLE',
    'NO_APPROVER_MFA_DEVICE',
    'SLACK_API_ERROR',
  ] as const)('logs %s, a fault, once at error with the error itself', (code) => {
    const logger = new RecordingLogger();
    const error = new ResetError(code, 'broken');
    logFailure(logger, error, {});
    expect(logger.entries).toEqual([
      { level: 'error', fields: expect.objectContaining({ code, err: error }), message: 'failed' },
    ]);
  });

  it('logs an uncoded error at error as INTERNAL', () => {
    const logger = new RecordingLogger();
    expect(logFailure(logger, new Error('boom'), {}).code).toBe('INTERNAL');
    expect(logger.at('error')).toHaveLength(1);
  });
});
