import { describe, expect, it } from 'vitest';
import {
  type AccountMfaReset,
  type CheckedAccount,
  type ExecutedRequest,
  reasonText,
  requestAccountsFor,
  unaccountedReason,
} from '../../../src/domain/account-trail.js';
import { resetRoleSessionArn } from '../../../src/domain/member-trail.js';
import { aRequest } from '../fakes/request-builder.js';

const LEGACY = '111122223333';
const DATA = '444455556666';
const legacy = {
  id: LEGACY,
  name: 'legacy-prod',
  resetRoleArn: `arn:aws:iam::${LEGACY}:role/mfa-reset-bot-reset`,
};
const inLegacy: CheckedAccount = { kind: 'member', account: legacy };
const home: CheckedAccount = { kind: 'home', stepUp: { userName: 'mfa-reset-bot' } };
const requestId = '6f1c2b9e-8d1a-4c3e-9f7a-0b2c4d6e8f10';
const serial = `arn:aws:iam::${LEGACY}:mfa/mallory-phone`;
const started = '2024-05-01T10:00:00.000Z';
/** The approver's MFA session (GetSessionToken) and the reset role's session assumed with it. */
const mfaSession = 'ASIAMFASESSION000001';
const roleSession = 'ASIAROLESESSION00001';
const sessionArn = `arn:aws:sts::${LEGACY}:assumed-role/mfa-reset-bot-reset/mfa-reset-${requestId}`;

function executed(
  overrides: Partial<ExecutedRequest['request']> = {},
  recorded: Partial<ExecutedRequest> = {},
): ExecutedRequest {
  return {
    request: aRequest({
      id: requestId,
      state: 'COMPLETED',
      target: { slackUserId: 'U0MALLORY', iamUserName: `${LEGACY}:mallory` },
      devices: [{ serial, kind: 'virtual' }],
      outcomes: [{ serial, kind: 'virtual', deactivated: true, deleted: true }],
      ...overrides,
    }),
    startedAt: started,
    sessionKeyId: mfaSession,
    roleSession: { accountId: LEGACY, sessionName: `mfa-reset-${requestId}`, keyId: roleSession },
    reconciled: false,
    ...recorded,
  };
}

function reset(overrides: Partial<AccountMfaReset> = {}, caller: Partial<AccountMfaReset['caller']> = {}) {
  return {
    eventId: 'ev-1',
    action: 'DeactivateMFADevice',
    at: '2024-05-01T10:00:05.000Z',
    iamUserName: 'mallory',
    serial,
    caller: {
      type: 'AssumedRole',
      arn: sessionArn,
      accessKeyId: roleSession,
      mfaAuthenticated: true,
      ...caller,
    },
    ...overrides,
  } satisfies AccountMfaReset;
}

describe('a reset in a member account, matched by the reset role’s session', () => {
  it('is accounted for by the request whose execution recorded that role session, for that user and device', () => {
    expect(requestAccountsFor(executed(), reset(), legacy)).toBe(true);
    expect(unaccountedReason(reset(), [executed()], inLegacy)).toBeUndefined();
    const deletion = reset({ action: 'DeleteVirtualMFADevice', iamUserName: undefined });
    expect(unaccountedReason(deletion, [executed()], inLegacy)).toBeUndefined();
  });

  it('names the session as CloudTrail does: the role’s name without its path, in the role’s partition', () => {
    const withPath = { ...legacy, resetRoleArn: `arn:aws-cn:iam::${LEGACY}:role/ops/mfa-reset-bot-reset` };
    expect(resetRoleSessionArn(withPath, 'mfa-reset-x')).toBe(
      `arn:aws-cn:sts::${LEGACY}:assumed-role/mfa-reset-bot-reset/mfa-reset-x`,
    );
  });

  it.each([
    [
      'an IAM user of the account',
      { type: 'IAMUser', arn: `arn:aws:iam::${LEGACY}:user/admin`, userName: 'admin' },
    ],
    ['the reset role without MFA', { mfaAuthenticated: false }],
    ['another role', { arn: `arn:aws:sts::${LEGACY}:assumed-role/admin/mfa-reset-${requestId}` }],
    [
      'the reset role under a name the bot never gives',
      { arn: `arn:aws:sts::${LEGACY}:assumed-role/mfa-reset-bot-reset/console` },
    ],
    [
      'the reset role of another account',
      { arn: `arn:aws:sts::${DATA}:assumed-role/mfa-reset-bot-reset/mfa-reset-${requestId}` },
    ],
    [
      'the step-up user’s MFA session itself',
      { type: 'IAMUser', userName: 'mfa-reset-bot', accessKeyId: mfaSession },
    ],
  ])('is not the bot’s when made by %s', (_, caller) => {
    expect(unaccountedReason(reset({}, caller), [executed()], inLegacy)).toBe('not-the-bot');
  });

  it('reports a session of the reset role that no execution recorded', () => {
    expect(unaccountedReason(reset({}, { accessKeyId: 'ASIAUNRECORDED' }), [executed()], inLegacy)).toBe(
      'unrecorded-session',
    );
    // The MFA session's key is not the role session's: recording only that accounts for nothing here.
    const { roleSession: _, ...withoutRole } = executed();
    expect(unaccountedReason(reset(), [withoutRole], inLegacy)).toBe('unrecorded-session');
  });

  it('wants the session named for that very request, and that request’s user in that account', () => {
    const other = `arn:aws:sts::${LEGACY}:assumed-role/mfa-reset-bot-reset/mfa-reset-00000000-0000-4000-8000-000000000000`;
    expect(unaccountedReason(reset({}, { arn: other }), [executed()], inLegacy)).toBe(
      'device-not-reset-by-request',
    );
    expect(unaccountedReason(reset({ iamUserName: 'someone-else' }), [executed()], inLegacy)).toBe(
      'device-not-reset-by-request',
    );
    expect(
      requestAccountsFor(
        executed({ outcomes: [{ serial, kind: 'virtual', deactivated: false, deleted: false }] }),
        reset(),
        legacy,
      ),
    ).toBe(false);
  });

  it('never counts another account’s execution, nor a home one, and the home check never counts a member one', () => {
    const inData = executed(
      { target: { slackUserId: 'U0MALLORY', iamUserName: `${DATA}:mallory` } },
      { roleSession: { accountId: DATA, sessionName: `mfa-reset-${requestId}`, keyId: roleSession } },
    );
    expect(unaccountedReason(reset(), [inData], inLegacy)).toBe('no-request');
    const homeRun = executed(
      { target: { slackUserId: 'U0MALLORY', iamUserName: 'mallory' } },
      { roleSession: undefined, sessionKeyId: roleSession },
    );
    expect(unaccountedReason(reset(), [homeRun], inLegacy)).toBe('no-request');

    // The member execution's MFA session key, as a home caller: the home check does not count it.
    const byMfaSessionAtHome = reset(
      { iamUserName: `${LEGACY}:mallory` },
      { type: 'IAMUser', arn: undefined, userName: 'mfa-reset-bot', accessKeyId: mfaSession },
    );
    expect(requestAccountsFor(executed(), byMfaSessionAtHome)).toBe(false);
    expect(unaccountedReason(byMfaSessionAtHome, [executed()], home)).toBe('no-request');
  });

  it('words the reasons in the member account’s terms', () => {
    const account = { id: LEGACY, name: 'legacy-prod' };
    expect(reasonText({ reason: 'not-the-bot', account })).toMatch(/reset role in that account/);
    expect(reasonText({ reason: 'not-the-bot' })).toMatch(/bot’s own IAM user/);
    expect(reasonText({ reason: 'no-request', account })).toMatch(/no request of the bot names this device/);
  });
});
