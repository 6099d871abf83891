import { describe, expect, it } from 'vitest';
import {
  evaluate,
  iamArn,
  mfaContext,
  runtimePolicies,
  stepUpPolicies,
} from '../../harness/iam-evaluator.js';

/**
 * The two identities the bot runs with when the step-up key is apart, as AWS would evaluate their
 * policies: the step-up user (iam/mfa-reset-bot-policy.json) may only reset, and only with an
 * approver's MFA; the runtime identity (iam/runtime-policy.json, iam/dynamodb-policy.json) may
 * read IAM and write the trail, and never reset. Neither alone can do what a leaked single key could.
 */

const alice = iamArn.user('alice');
const withMfa = mfaContext('session with MFA');

/** The reads behind the approver's risk facts (src/aws/risk-facts.ts), on the resources they read. */
const riskReads = [
  ['iam:GetLoginProfile', alice],
  ['iam:ListAccessKeys', alice],
  ['iam:ListGroupsForUser', alice],
  ['iam:ListAttachedUserPolicies', alice],
  ['iam:ListUserPolicies', alice],
  ['iam:GetUserPolicy', alice],
  ['iam:ListAttachedGroupPolicies', iamArn.group('admins')],
  ['iam:ListGroupPolicies', iamArn.group('admins')],
  ['iam:GetGroupPolicy', iamArn.group('admins')],
] as const;

describe('the step-up user (iam/mfa-reset-bot-policy.json alone)', () => {
  it.each([
    ['dynamodb:PutItem', iamArn.table()],
    ['dynamodb:UpdateItem', iamArn.table()],
    ['dynamodb:DeleteItem', iamArn.table()],
    ['dynamodb:BatchWriteItem', iamArn.table()],
    ['s3:PutObject', 'arn:aws:s3:::mfa-reset-anchors/anchors/000000000001.json'],
    ['s3:DeleteObject', 'arn:aws:s3:::mfa-reset-anchors/anchors/000000000001.json'],
    ['cloudwatch:PutMetricData', '*'],
    ['logs:PutLogEvents', 'arn:aws:logs:us-east-1:123456789012:log-group:bot:log-stream:x'],
    ['logs:DeleteLogGroup', 'arn:aws:logs:us-east-1:123456789012:log-group:bot'],
  ])('can write nothing: %s is not allowed, even with an approver’s MFA', async (action, resource) => {
    expect(await evaluate({ action, resource, context: withMfa, policies: stepUpPolicies })).not.toBe(
      'Allowed',
    );
  });

  it('reads nothing either: the runtime identity does the reads', async () => {
    for (const action of ['iam:GetUser', 'iam:ListMFADevices', 'iam:ListUsers', 'cloudtrail:LookupEvents']) {
      const resource = action === 'iam:GetUser' || action === 'iam:ListMFADevices' ? alice : '*';
      expect(await evaluate({ action, resource, context: withMfa, policies: stepUpPolicies })).not.toBe(
        'Allowed',
      );
    }
  });

  it.each(riskReads)(
    'gets none of the risk-fact reads: %s is not allowed, even with MFA',
    async (action, resource) => {
      expect(await evaluate({ action, resource, context: withMfa, policies: stepUpPolicies })).not.toBe(
        'Allowed',
      );
    },
  );

  it('resets only with an approver’s MFA', async () => {
    const reset = { action: 'iam:DeactivateMFADevice', resource: alice, policies: stepUpPolicies };
    expect(await evaluate({ ...reset, context: withMfa })).toBe('Allowed');
    expect(await evaluate({ ...reset, context: mfaContext('long-term key') })).toBe('ExplicitlyDenied');
  });
});

describe('the runtime identity (iam/runtime-policy.json and iam/dynamodb-policy.json)', () => {
  it.each(riskReads)(
    'reads what gives a user access for the approver: %s is allowed',
    async (action, resource) => {
      const context = mfaContext('long-term key');
      expect(await evaluate({ action, resource, context, policies: runtimePolicies })).toBe('Allowed');
    },
  );

  it.each([
    ['iam:CreateLoginProfile', alice],
    ['iam:UpdateLoginProfile', alice],
    ['iam:DeleteLoginProfile', alice],
    ['iam:CreateAccessKey', alice],
    ['iam:UpdateAccessKey', alice],
    ['iam:AddUserToGroup', iamArn.group('admins')],
    ['iam:RemoveUserFromGroup', iamArn.group('admins')],
    ['iam:AttachUserPolicy', alice],
    ['iam:DetachGroupPolicy', iamArn.group('admins')],
    ['iam:PutUserPolicy', alice],
    ['iam:PutGroupPolicy', iamArn.group('admins')],
    ['iam:DeleteUserPolicy', alice],
    ['iam:GetPolicyVersion', 'arn:aws:iam::123456789012:policy/Ops'],
  ])(
    'writes nothing in IAM (and reads no more than it needs): %s is not allowed, even with MFA',
    async (action, resource) => {
      expect(await evaluate({ action, resource, context: withMfa, policies: runtimePolicies })).not.toBe(
        'Allowed',
      );
    },
  );

  it.each([
    ['iam:DeactivateMFADevice', alice],
    ['iam:DeleteVirtualMFADevice', iamArn.mfa('alice-phone')],
  ])('can never reset: %s is not allowed, even with MFA', async (action, resource) => {
    expect(await evaluate({ action, resource, context: withMfa, policies: runtimePolicies })).not.toBe(
      'Allowed',
    );
  });

  it('reads IAM and writes the audit table', async () => {
    const context = mfaContext('long-term key');
    expect(
      await evaluate({ action: 'iam:ListMFADevices', resource: alice, context, policies: runtimePolicies }),
    ).toBe('Allowed');
    expect(
      await evaluate({
        action: 'dynamodb:PutItem',
        resource: iamArn.table(),
        context: { ...context, 'dynamodb:LeadingKeys': ['EVT#000000000001'] },
        policies: runtimePolicies,
      }),
    ).toBe('Allowed');
  });
});
