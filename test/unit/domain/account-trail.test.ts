import { describe, expect, it } from 'vitest';
import {
  type AccountMfaReset,
  type CheckedAccount,
  type ExecutedRequest,
  requestAccountsFor,
  unaccountedReason,
} from '../../../src/domain/account-trail.js';
import { aRequest } from '../fakes/request-builder.js';

const serial = 'arn:aws:iam::123456789012:mfa/alice-phone';
const started = '2024-05-01T10:00:00.000Z';
/** The access key ID of the STS session the request's EXECUTION_STARTED recorded. */
const session = 'ASIAEXAMPLESESSION01';
/** The home account's check: the step-up user's MFA sessions make the bot's changes. */
const stepUp: CheckedAccount = { kind: 'home', stepUp: { userName: 'mfa-reset-bot' } };

function executed(overrides: Partial<ExecutedRequest['request']> = {}, reconciled = false): ExecutedRequest {
  return {
    request: aRequest({
      state: 'COMPLETED',
      target: { slackUserId: 'U0ALICE', iamUserName: 'alice' },
      devices: [{ serial, kind: 'virtual' }],
      outcomes: [{ serial, kind: 'virtual', deactivated: true, deleted: true }],
      ...overrides,
    }),
    startedAt: started,
    sessionKeyId: session,
    reconciled,
  };
}

function reset(overrides: Partial<AccountMfaReset> = {}): AccountMfaReset {
  return {
    eventId: 'ev-1',
    action: 'DeactivateMFADevice',
    at: '2024-05-01T10:00:05.000Z',
    iamUserName: 'alice',
    serial,
    caller: { type: 'IAMUser', userName: 'mfa-reset-bot', accessKeyId: session, mfaAuthenticated: true },
    ...overrides,
  };
}

describe('which request accounts for an MFA reset in CloudTrail', () => {
  it('accepts the deactivation and deletion of a device of a completed request, seconds after it started', () => {
    expect(requestAccountsFor(executed(), reset())).toBe(true);
    expect(
      requestAccountsFor(executed(), reset({ action: 'DeleteVirtualMFADevice', iamUserName: undefined })),
    ).toBe(true);
  });

  it.each([
    ['another IAM user', reset({ iamUserName: 'bob' })],
    ['another device', reset({ serial: 'GAHT000000' })],
    ['long after the execution (the MFA session is gone)', reset({ at: '2024-05-01T10:17:30.000Z' })],
    ['before the execution started', reset({ at: '2024-05-01T09:57:00.000Z' })],
    [
      'made with another session of the bot than the one the request started with',
      reset({
        caller: {
          type: 'IAMUser',
          userName: 'mfa-reset-bot',
          accessKeyId: 'ASIAOTHER',
          mfaAuthenticated: true,
        },
      }),
    ],
  ])('refuses %s', (_, candidate) => {
    expect(requestAccountsFor(executed(), candidate)).toBe(false);
  });

  it('tolerates two minutes of clock difference either way', () => {
    expect(requestAccountsFor(executed(), reset({ at: '2024-05-01T09:58:30.000Z' }))).toBe(true);
    expect(requestAccountsFor(executed(), reset({ at: '2024-05-01T10:16:30.000Z' }))).toBe(true);
  });

  it('goes by the recorded outcome of the device', () => {
    const failed = executed({
      state: 'FAILED',
      outcomes: [
        { serial, kind: 'virtual', deactivated: false, deleted: false, errorCode: 'AWS_ACCESS_DENIED' },
      ],
    });
    expect(requestAccountsFor(failed, reset())).toBe(false);
    const notDeleted = executed({
      outcomes: [{ serial, kind: 'virtual', deactivated: true, deleted: false }],
    });
    expect(requestAccountsFor(notDeleted, reset({ action: 'DeleteVirtualMFADevice' }))).toBe(false);
    // The reconciler knows a device is gone, not whether the bot deleted it before the crash.
    expect(
      requestAccountsFor({ ...notDeleted, reconciled: true }, reset({ action: 'DeleteVirtualMFADevice' })),
    ).toBe(true);
    expect(requestAccountsFor(executed({ state: 'EXECUTING', outcomes: undefined }), reset())).toBe(true);
  });

  it('says why a reset is unaccounted for', () => {
    expect(unaccountedReason(reset(), [], stepUp)).toBe('no-request');
    expect(unaccountedReason(reset({ at: '2024-05-01T11:00:00.000Z' }), [executed()], stepUp)).toBe(
      'device-not-reset-by-request',
    );
    expect(unaccountedReason(reset(), [executed({ devices: [] }), executed()], stepUp)).toBeUndefined();
  });

  it.each([
    [
      'an administrator',
      { type: 'IAMUser', userName: 'admin', accessKeyId: session, mfaAuthenticated: true },
    ],
    [
      'the bot’s long-term key, without MFA',
      { type: 'IAMUser', userName: 'mfa-reset-bot', accessKeyId: 'AKIABOT' },
    ],
    [
      'a role session',
      { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/ops/x', mfaAuthenticated: true },
    ],
    ['a caller CloudTrail does not name', {}],
  ])('reports a reset by %s even when a request would account for it', (_, caller) => {
    expect(unaccountedReason(reset({ caller }), [executed()], stepUp)).toBe('not-the-bot');
  });

  it('knows the bot’s user by name without case, as IAM does', () => {
    const caller = {
      type: 'IAMUser',
      userName: 'MFA-Reset-Bot',
      accessKeyId: session,
      mfaAuthenticated: true,
    };
    expect(unaccountedReason(reset({ caller }), [executed()], stepUp)).toBeUndefined();
  });

  it('reports a reset by an MFA session of the bot that no request of the trail started with', () => {
    const unrecorded = {
      type: 'IAMUser',
      userName: 'mfa-reset-bot',
      accessKeyId: 'ASIAUNRECORDED',
      mfaAuthenticated: true,
    };
    expect(unaccountedReason(reset({ caller: unrecorded }), [executed()], stepUp)).toBe('unrecorded-session');
    const { sessionKeyId: _, ...withoutSession } = executed();
    expect(unaccountedReason(reset(), [withoutSession], stepUp)).toBe('unrecorded-session');
  });
});
