import { describe, expect, it } from 'vitest';
import { type ErrorCode, isResetError, ResetError } from '../../../src/domain/errors.js';
import { BlockId } from '../../../src/slack/ids.js';
import {
  parseButtonValue,
  parseDecisionModalMetadata,
  parseRequestModalMetadata,
  readApprovalSubmission,
  readDenySubmission,
  readRequestSubmission,
} from '../../../src/slack/parse/view-inputs.js';
import { inputErrors } from '../../../src/slack/views/index.js';
import { approveState, denyState, requestState } from './fixtures.js';

/** The coded error `run` throws; fails the test if it throws anything else or nothing. */
function thrownBy(run: () => unknown): {
  code: ErrorCode;
  details: Readonly<Record<string, unknown>>;
  error: unknown;
} {
  try {
    run();
  } catch (error) {
    if (!isResetError(error)) throw error;
    return { code: error.code, details: error.details, error };
  }
  throw new Error('expected a ResetError');
}

const serial = 'arn:aws:iam::123456789012:mfa/alice';

describe('readRequestSubmission', () => {
  it('returns the ticked serials and the trimmed reason', () => {
    const values = requestState({ serials: [serial, 'GAHT12345678', serial], reason: '  Lost my phone  ' });
    expect(readRequestSubmission(values, { reasonMinLength: 10 })).toEqual({
      serials: [serial, 'GAHT12345678'],
      reason: 'Lost my phone',
    });
  });

  it('rejects no device ticked, naming the devices input', () => {
    const failure = thrownBy(() =>
      readRequestSubmission(requestState({ serials: [], reason: 'Lost my phone' })),
    );
    expect(failure).toMatchObject({
      code: 'INPUT_INVALID',
      details: { blockId: BlockId.devices, problem: 'missing' },
    });
    expect(inputErrors(failure.error)).toEqual({ [BlockId.devices]: 'Pick at least one device.' });
  });

  it('rejects a reason that is only long enough with its spaces', () => {
    const values = requestState({ serials: [serial], reason: `   short${' '.repeat(20)}` });
    const failure = thrownBy(() => readRequestSubmission(values, { reasonMinLength: 10 }));
    expect(failure).toMatchObject({
      code: 'INPUT_INVALID',
      details: { blockId: BlockId.reason, problem: 'too_short' },
    });
    expect(inputErrors(failure.error)).toEqual({ [BlockId.reason]: 'Write at least 10 characters.' });
  });

  it('removes invisible and bidirectional control characters, and measures the length after that', () => {
    const hidden = '\u200B'.repeat(8);
    const padded = requestState({ serials: [serial], reason: `\u202Eshort${hidden}` });
    expect(thrownBy(() => readRequestSubmission(padded, { reasonMinLength: 10 })).details).toMatchObject({
      problem: 'too_short',
    });

    const values = requestState({ serials: [serial], reason: '\u2067Lost my \u202Ephone\u2069 \u{1F4F1}' });
    expect(readRequestSubmission(values, { reasonMinLength: 10 }).reason).toBe('Lost my phone \u{1F4F1}');
  });

  it('rejects an empty or overlong reason', () => {
    expect(
      thrownBy(() => readRequestSubmission(requestState({ serials: [serial], reason: null }))).details,
    ).toMatchObject({
      problem: 'missing',
    });
    const long = requestState({ serials: [serial], reason: 'x'.repeat(2001) });
    expect(thrownBy(() => readRequestSubmission(long)).details).toMatchObject({ problem: 'too_long' });
  });

  it('rejects option values that are not serials, and shapes that are not the request modal', () => {
    for (const values of [
      requestState({ serials: ['<script>'], reason: 'Lost my phone' }),
      requestState({ serials: ['x'.repeat(151)], reason: 'Lost my phone' }),
      {},
      null,
      'devices',
      { [BlockId.devices]: { wrong_action: {} } },
    ]) {
      expect(thrownBy(() => readRequestSubmission(values)).code).toBe('INPUT_INVALID');
    }
  });
});

describe('readApprovalSubmission', () => {
  it.each(['123456', '123 456', ' 123-456 '])('accepts %j as the code 123456', (code) => {
    expect(readApprovalSubmission(approveState(code))).toEqual({ tokenCode: '123456' });
  });

  it.each(['12345', '1234567', 'abcdef', '', null])(
    'rejects %j as TOKEN_CODE_FORMAT without echoing it',
    (code) => {
      const failure = thrownBy(() => readApprovalSubmission(approveState(code)));
      expect(failure).toMatchObject({ code: 'TOKEN_CODE_FORMAT', details: { blockId: BlockId.tokenCode } });
      if (code) expect(JSON.stringify(failure.details) + String(failure.error)).not.toContain(code);
      expect(inputErrors(failure.error)).toEqual({
        [BlockId.tokenCode]: 'Enter the 6-digit code shown by your MFA device. Try again.',
      });
    },
  );

  it('rejects a submission without the code input as INPUT_INVALID', () => {
    expect(thrownBy(() => readApprovalSubmission({})).code).toBe('INPUT_INVALID');
  });
});

describe('readDenySubmission', () => {
  it('returns the trimmed reason', () => {
    expect(readDenySubmission(denyState('  Call the desk first \n'))).toEqual({
      reason: 'Call the desk first',
    });
  });

  it('removes bidirectional and zero-width characters from the reason', () => {
    expect(readDenySubmission(denyState('Call\u200B the \u202Edesk\u202C first\uFEFF'))).toEqual({
      reason: 'Call the desk first',
    });
  });

  it('rejects a reason of only invisible characters as missing', () => {
    const failure = thrownBy(() => readDenySubmission(denyState('\u200B\u2060\uFEFF ')));
    expect(failure.details).toMatchObject({ blockId: BlockId.denyReason, problem: 'missing' });
  });

  it('rejects a blank reason, naming the deny reason input', () => {
    const failure = thrownBy(() => readDenySubmission(denyState('   ')));
    expect(failure).toMatchObject({ code: 'INPUT_INVALID', details: { blockId: BlockId.denyReason } });
  });
});

describe('private_metadata and button values', () => {
  it('reads the IAM user name and the request id', () => {
    expect(parseRequestModalMetadata('{"iamUserName":"alice.smith@corp"}')).toEqual({
      iamUserName: 'alice.smith@corp',
    });
    expect(parseDecisionModalMetadata('{"requestId":"01J9Z8Y7X6"}')).toEqual({ requestId: '01J9Z8Y7X6' });
    expect(parseButtonValue('3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f')).toBe(
      '3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f',
    );
  });

  it.each([
    ['not JSON', 'iamUserName=alice'],
    ['missing', undefined],
    ['wrong key', '{"user":"alice"}'],
    ['not an IAM user name', '{"iamUserName":"alice bob"}'],
    ['oversized', JSON.stringify({ iamUserName: 'a'.repeat(3001) })],
  ])('rejects request modal metadata that is %s', (_, raw) => {
    const failure = thrownBy(() => parseRequestModalMetadata(raw));
    expect(failure.code).toBe('INPUT_INVALID');
    expect(inputErrors(failure.error)).toBeUndefined();
  });

  it.each([['../etc'], [''], ['x'.repeat(129)], [42], [null]])('rejects %j as a request id', (value) => {
    expect(thrownBy(() => parseButtonValue(value)).code).toBe('INPUT_INVALID');
    expect(thrownBy(() => parseDecisionModalMetadata(JSON.stringify({ requestId: value }))).code).toBe(
      'INPUT_INVALID',
    );
  });
});

describe('inputErrors', () => {
  it('puts an AWS-rejected code under the code input and ignores errors that are not about a field', () => {
    expect(inputErrors(new ResetError('TOKEN_CODE_REJECTED', 'rejected'))).toEqual({
      [BlockId.tokenCode]: 'AWS rejected that MFA code. Wait for the next code on your device and enter it.',
    });
    expect(inputErrors(new ResetError('REQUEST_ALREADY_HANDLED', 'done'))).toBeUndefined();
    expect(inputErrors(new Error('boom'))).toBeUndefined();
  });
});
