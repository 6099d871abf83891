import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  BOT_USER_ARN,
  type Credentials,
  EXTERNAL_ID,
  evaluateAssumeRole,
  evaluateInMember,
  iamArn,
  MEMBER_ACCOUNT_ID,
  memberArn,
  memberDocument,
  mfaContext,
  RUNTIME_ROLE_ARN,
  RUNTIME_SESSION_ARN,
  readIamPolicy,
  runtimePolicies,
  stepUpPolicies,
  writeActions,
} from '../../harness/iam-evaluator.js';

/**
 * The member accounts' roles (iam/member-*.json), as AWS would evaluate them, proven by the policy
 * evaluator: who may assume each role (its trust policy, and across accounts the caller's own
 * policies of iam/ too), and what a session of each may do in the member account.
 */

const resetRole = memberArn.role('reset');
const readerRole = memberArn.role('reader');
const resetTrust = memberDocument('member-reset-role-trust');
const readerTrust = memberDocument('member-reader-role-trust');
const resetPolicy = memberDocument('member-reset-role-policy');
const readerPolicy = memberDocument('member-reader-role-policy');
const withMfa = mfaContext('session with MFA');
/** Grants the caller every action: the trust policy alone must then keep it out. */
const everything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('the reset role’s trust (iam/member-reset-role-trust.json)', () => {
  // The trust on its own: the caller's policies allow everything, so only the trust can refuse.
  const assume = (overrides: Partial<Parameters<typeof evaluateAssumeRole>[0]> = {}) =>
    evaluateAssumeRole({
      principal: BOT_USER_ARN,
      roleArn: resetRole,
      trust: resetTrust,
      externalId: EXTERNAL_ID,
      context: withMfa,
      documents: { everything },
      ...overrides,
    });

  it('lets the step-up user in with an approver’s MFA session and the account’s external ID', async () => {
    expect(await assume()).toBe('Allowed');
    expect(await assume({ documents: {}, policies: stepUpPolicies })).toBe('Allowed');
  });

  it.each<Credentials>(['long-term key', 'session without MFA'])(
    'refuses the step-up user with a %s',
    async (credentials) => {
      expect(await assume({ context: mfaContext(credentials) })).not.toBe('Allowed');
    },
  );

  it('refuses it without the external ID, or with another', async () => {
    expect(await assume({ externalId: undefined })).not.toBe('Allowed');
    expect(await assume({ externalId: 'mfa-reset-another-account' })).not.toBe('Allowed');
    expect(await assume({ externalId: EXTERNAL_ID.toUpperCase() })).not.toBe('Allowed');
  });

  it.each([
    ['another user of the home account', iamArn.user('alice')],
    ['a user of the same name in another account', 'arn:aws:iam::999999999999:user/mfa-reset-bot'],
    ['the runtime role', RUNTIME_ROLE_ARN],
    ['a session of the runtime role', RUNTIME_SESSION_ARN],
    ['the home account itself', `arn:aws:iam::${ACCOUNT_ID}:root`],
  ])('refuses %s, even with MFA and the external ID', async (_, principal) => {
    expect(await assume({ principal })).not.toBe('Allowed');
  });

  it('needs the home statement too: without AssumeMemberResetRolesOnlyWithMfa the step-up user stays out', async () => {
    expect(await assume({ documents: {}, policies: [] })).not.toBe('Allowed');
  });
});

describe('the reader role’s trust (iam/member-reader-role-trust.json)', () => {
  // The trust on its own: the caller's policies allow everything, so only the trust can refuse.
  const assume = (overrides: Partial<Parameters<typeof evaluateAssumeRole>[0]> = {}) =>
    evaluateAssumeRole({
      principal: RUNTIME_SESSION_ARN,
      roleArn: readerRole,
      trust: readerTrust,
      externalId: EXTERNAL_ID,
      context: mfaContext('long-term key'),
      documents: { everything },
      ...overrides,
    });

  it('lets a session of the runtime role in with the account’s external ID', async () => {
    expect(await assume()).toBe('Allowed');
    expect(await assume({ documents: {}, policies: runtimePolicies })).toBe('Allowed');
  });

  it('refuses it without the external ID, or with another', async () => {
    expect(await assume({ externalId: undefined })).not.toBe('Allowed');
    expect(await assume({ externalId: 'mfa-reset-another-account' })).not.toBe('Allowed');
  });

  it.each([
    ['the step-up user', BOT_USER_ARN],
    ['a session of another role of the home account', `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ops/alice`],
    ['a role of the same name in another account', 'arn:aws:iam::999999999999:role/mfa-reset-bot-runtime'],
    ['another user of the home account', iamArn.user('alice')],
    ['the home account itself', `arn:aws:iam::${ACCOUNT_ID}:root`],
  ])('refuses %s, even with MFA and the external ID', async (_, principal) => {
    expect(await assume({ principal, context: withMfa })).not.toBe('Allowed');
  });

  it('needs the home statement too: without AssumeMemberReaderRoles the runtime role stays out', async () => {
    expect(await assume({ documents: {}, policies: ['dynamodb-policy', 'anchors-policy'] })).not.toBe(
      'Allowed',
    );
  });
});

describe('a session of the reset role (iam/member-reset-role-policy.json)', () => {
  const alice = memberArn.user('alice');
  const resets = [
    { action: 'iam:DeactivateMFADevice', resource: alice },
    { action: 'iam:DeleteVirtualMFADevice', resource: memberArn.mfa('alice-phone') },
  ];

  it.each(resets)('may $action with the MFA of the step-up session', async ({ action, resource }) => {
    expect(
      await evaluateInMember({ role: 'reset', policy: resetPolicy, action, resource, context: withMfa }),
    ).toBe('Allowed');
  });

  it.each(resets)('is denied $action explicitly without MFA', async ({ action, resource }) => {
    for (const credentials of ['long-term key', 'session without MFA'] as const) {
      const context = mfaContext(credentials);
      expect(await evaluateInMember({ role: 'reset', policy: resetPolicy, action, resource, context })).toBe(
        'ExplicitlyDenied',
      );
    }
  });

  it.each(['true', 'yes', ''])(
    'may not reset a user tagged mfa-reset-protected=%j, even with MFA',
    async (value) => {
      const context = { ...withMfa, 'aws:ResourceTag/mfa-reset-protected': value };
      const decision = await evaluateInMember({
        role: 'reset',
        policy: resetPolicy,
        action: 'iam:DeactivateMFADevice',
        resource: alice,
        context,
      });
      expect(decision).toBe('ExplicitlyDenied');
    },
  );

  it('carries the protected tag the stack is built with', async () => {
    const policy = memberDocument('member-reset-role-policy', { protectedTag: 'no-mfa-reset' });
    const context = { ...withMfa, 'aws:ResourceTag/no-mfa-reset': 'true' };
    expect(
      await evaluateInMember({
        role: 'reset',
        policy,
        action: 'iam:DeactivateMFADevice',
        resource: alice,
        context,
      }),
    ).toBe('ExplicitlyDenied');
  });

  describe('deployed by mistake into the home account, where the bot’s own user is', () => {
    const inHome = (policy: Record<string, unknown>, action: string, resource: string) =>
      evaluateInMember({ role: 'reset', policy, action, resource, context: withMfa, account: ACCOUNT_ID });
    const homeResetPolicy = memberDocument('member-reset-role-policy', { account: ACCOUNT_ID });

    it('may not deactivate or delete the bot’s own devices, even with MFA', async () => {
      expect(await inHome(homeResetPolicy, 'iam:DeactivateMFADevice', iamArn.user('mfa-reset-bot'))).toBe(
        'ExplicitlyDenied',
      );
      for (const device of ['mfa-reset-bot', 'mfa-reset-bot-alice', 'mfa-reset-bot-U0ERIN']) {
        expect(await inHome(homeResetPolicy, 'iam:DeleteVirtualMFADevice', iamArn.mfa(device))).toBe(
          'ExplicitlyDenied',
        );
      }
      // The deny is what refuses: the home account's other users are the role's to reset.
      expect(await inHome(homeResetPolicy, 'iam:DeactivateMFADevice', iamArn.user('alice'))).toBe('Allowed');
    });

    it('refuses the step-up user the stack is given (parameter StepUpUserName), not the default name', async () => {
      const policy = memberDocument('member-reset-role-policy', {
        account: ACCOUNT_ID,
        stepUpUserName: 'ops-mfa',
      });
      expect(await inHome(policy, 'iam:DeactivateMFADevice', iamArn.user('ops-mfa'))).toBe(
        'ExplicitlyDenied',
      );
      expect(await inHome(policy, 'iam:DeleteVirtualMFADevice', iamArn.mfa('ops-mfa-alice'))).toBe(
        'ExplicitlyDenied',
      );
      expect(await inHome(policy, 'iam:DeactivateMFADevice', iamArn.user('mfa-reset-bot'))).toBe('Allowed');
    });
  });

  it('lists a user’s devices', async () => {
    expect(
      await evaluateInMember({
        role: 'reset',
        policy: resetPolicy,
        action: 'iam:ListMFADevices',
        resource: alice,
      }),
    ).toBe('Allowed');
  });

  it('writes nothing else of IAM, STS, DynamoDB or S3, even with MFA', async () => {
    const allowed = [];
    for (const { action, resource } of await writeActions(['iam', 'sts', 'dynamodb', 's3'])) {
      const decision = await evaluateInMember({
        role: 'reset',
        policy: resetPolicy,
        action,
        resource,
        context: withMfa,
      });
      if (decision === 'Allowed') allowed.push(action);
    }
    expect([...new Set(allowed)].sort()).toEqual(['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice']);
  });

  it('holds the home policy’s resets and denies word for word (without MFA, the bot itself, protected users)', () => {
    const home = readIamPolicy('mfa-reset-bot-policy') as { Statement: { Sid: string }[] };
    const member = readIamPolicy('member-reset-role-policy') as { Statement: { Sid: string }[] };
    for (const sid of [
      'DeactivateDevicesOnlyWithMfa',
      'DeleteVirtualDevicesOnlyWithMfa',
      'DenyResetsWithoutMfa',
      'DenyResetOfTheBotItself',
      'DenyResetOfProtectedUsers',
    ]) {
      const bySid = (statement: { Sid: string }) => statement.Sid === sid;
      expect(member.Statement.find(bySid), sid).toEqual(home.Statement.find(bySid));
    }
  });
});

describe('a session of the reader role (iam/member-reader-role-policy.json)', () => {
  const alice = memberArn.user('alice');

  it.each([
    ['iam:GetUser', alice],
    ['iam:ListMFADevices', alice],
    ['iam:ListUserTags', alice],
    ['iam:GetLoginProfile', alice],
    ['iam:ListAttachedGroupPolicies', memberArn.group('admins')],
    ['iam:ListUsers', '*'],
    ['iam:ListVirtualMFADevices', '*'],
    ['cloudtrail:LookupEvents', '*'],
  ])('reads %s in the member account', async (action, resource) => {
    expect(await evaluateInMember({ role: 'reader', policy: readerPolicy, action, resource })).toBe(
      'Allowed',
    );
  });

  it('writes nothing of IAM, STS, DynamoDB or S3, even with MFA', async () => {
    const actions = await writeActions(['iam', 'sts', 'dynamodb', 's3']);
    expect(actions.length).toBeGreaterThan(250);
    const allowed = [];
    for (const { action, resource } of actions) {
      const decision = await evaluateInMember({
        role: 'reader',
        policy: readerPolicy,
        action,
        resource,
        context: withMfa,
      });
      if (decision === 'Allowed') allowed.push(action);
    }
    expect(allowed).toEqual([]);
  });

  it('reads what the runtime policy reads in the home account, no more and no less (one source)', () => {
    // The home statements that read: every statement of runtime-policy.json but the one that
    // assumes the member roles. The reader file must be exactly these.
    const runtime = readIamPolicy('runtime-policy') as { Statement: { Sid: string; Action: unknown }[] };
    const reads = runtime.Statement.filter((statement) =>
      [statement.Action]
        .flat()
        .every((action) => /^(iam:(Get|List)\w+|cloudtrail:LookupEvents)$/.test(String(action))),
    );
    expect(reads.map((statement) => statement.Sid)).toEqual(
      runtime.Statement.filter((statement) => statement.Sid !== 'AssumeMemberReaderRoles').map(
        (statement) => statement.Sid,
      ),
    );
    expect((readIamPolicy('member-reader-role-policy') as { Statement: unknown[] }).Statement).toEqual(reads);
  });
});

describe('the home statements into the member roles, as the files have them', () => {
  /** A trust that lets in anyone of the home account whose own policies allow it: only they decide. */
  const trustTheHomeAccount = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' },
    ],
  };

  it('let the step-up user assume a member’s reset role only with MFA', async () => {
    const decide = (credentials: Credentials) =>
      evaluateAssumeRole({
        principal: BOT_USER_ARN,
        roleArn: resetRole,
        trust: trustTheHomeAccount,
        context: mfaContext(credentials),
        policies: stepUpPolicies,
      });
    expect(await decide('session with MFA')).toBe('Allowed');
    expect(await decide('session without MFA')).not.toBe('Allowed');
    expect(await decide('long-term key')).not.toBe('Allowed');
  });

  it('let the step-up user assume no other role, and the runtime identity only the reader role', async () => {
    const other = `arn:aws:iam::${MEMBER_ACCOUNT_ID}:role/OrganizationAccountAccessRole`;
    const step = {
      principal: BOT_USER_ARN,
      trust: trustTheHomeAccount,
      context: withMfa,
      policies: stepUpPolicies,
    };
    expect(await evaluateAssumeRole({ ...step, roleArn: other })).not.toBe('Allowed');
    expect(await evaluateAssumeRole({ ...step, roleArn: readerRole })).not.toBe('Allowed');
    const runtime = { principal: RUNTIME_SESSION_ARN, trust: trustTheHomeAccount, policies: runtimePolicies };
    expect(await evaluateAssumeRole({ ...runtime, roleArn: other })).not.toBe('Allowed');
    expect(await evaluateAssumeRole({ ...runtime, roleArn: resetRole })).not.toBe('Allowed');
    expect(await evaluateAssumeRole({ ...runtime, roleArn: readerRole })).toBe('Allowed');
  });
});
