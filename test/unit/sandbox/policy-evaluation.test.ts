import { describe, expect, it } from 'vitest';
import { evaluatePolicies } from '../../../sandbox/iam-sts-emulator/policy-evaluation.js';
import { evaluate, iamArn, readIamPolicy } from '../../harness/iam-evaluator.js';
import {
  readerRolePolicy,
  readerRoleTrust,
  resetRolePolicy,
  resetRoleTrust,
} from '../../integration/aws/member-roles.js';

/**
 * The emulator's policy evaluation (what its role sessions may do) decides as the IAM evaluator
 * the policy proofs use, over the documents the bot's identities hold in the home and member
 * accounts, for the requests that matter, with every MFA context and protect-tag value.
 */
const documents: Record<string, object> = {
  'reset role': resetRolePolicy(),
  'reader role': readerRolePolicy(),
  'step-up user': readIamPolicy('mfa-reset-bot-policy'),
  'runtime identity': readIamPolicy('runtime-policy'),
  // The other elements and operators the emulator evaluates, with keys present and absent.
  'operator coverage': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:List*', Resource: '*' },
      {
        Effect: 'Allow',
        NotAction: ['iam:Delete*', 'iam:List*'],
        Resource: 'arn:aws:iam::*:user/*',
        Condition: { StringNotEquals: { 'aws:ResourceTag/mfa-reset-protected': 'true' } },
      },
      {
        Effect: 'Deny',
        Action: 'iam:DeactivateMFADevice',
        NotResource: 'arn:aws:iam::*:user/a*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
      {
        Effect: 'Deny',
        Action: 'iam:Get*',
        Resource: '*',
        Condition: { StringLike: { 'aws:ResourceTag/mfa-reset-protected': 'y?s' } },
      },
    ],
  },
};

const requests: Array<[action: string, resource: string]> = [
  ['iam:DeactivateMFADevice', iamArn.user('alice')],
  ['iam:DeactivateMFADevice', iamArn.user('mfa-reset-bot')],
  ['iam:DeleteVirtualMFADevice', iamArn.mfa('alice')],
  ['iam:DeleteVirtualMFADevice', iamArn.mfa('mfa-reset-bot-U0APPROVER')],
  ['iam:ListMFADevices', iamArn.user('alice')],
  ['iam:GetUser', iamArn.user('alice')],
  ['iam:ListUsers', '*'],
  ['iam:ListVirtualMFADevices', '*'],
  ['iam:GetGroupPolicy', iamArn.group('admins')],
  ['cloudtrail:LookupEvents', '*'],
  ['iam:CreateUser', iamArn.user('mallory')],
];
const mfaContexts: Array<Record<string, string>> = [
  {},
  { 'aws:MultiFactorAuthPresent': 'true' },
  { 'aws:MultiFactorAuthPresent': 'false' },
];
const tagContexts: Array<Record<string, string>> = [
  {},
  { 'aws:ResourceTag/mfa-reset-protected': 'true' },
  { 'aws:ResourceTag/mfa-reset-protected': 'FALSE' },
  { 'aws:ResourceTag/mfa-reset-protected': 'yes' },
];

describe('the emulator’s policy evaluation', () => {
  for (const [name, document] of Object.entries(documents)) {
    it(`decides as the IAM evaluator for the ${name}’s policy`, async () => {
      const differences: string[] = [];
      for (const [action, resource] of requests) {
        for (const mfa of mfaContexts) {
          for (const tags of tagContexts) {
            const context = { ...mfa, ...tags };
            const ours = evaluatePolicies([document], { action, resource, context });
            const theirs = await evaluate({
              action,
              resource,
              context,
              policies: [],
              documents: { document },
            });
            if (ours !== theirs)
              differences.push(`${action} ${resource} ${JSON.stringify(context)}: ${ours} ≠ ${theirs}`);
          }
        }
      }
      expect(differences).toEqual([]);
    });
  }

  describe('trust policies', () => {
    const home = '111111111111';
    const stepUp = `arn:aws:iam::${home}:user/mfa-reset-bot`;
    const trust = resetRoleTrust({ homeAccountId: home, externalId: 'ext-1' });
    const assume = (principals: string[], context: Record<string, string>) =>
      evaluatePolicies([trust], {
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::222222222222:role/r',
        principals,
        context,
      });

    it('allow the principal they name, with MFA and the external ID', () => {
      expect(assume([stepUp], { 'aws:MultiFactorAuthPresent': 'true', 'sts:ExternalId': 'ext-1' })).toBe(
        'Allowed',
      );
    });

    it('refuse another principal, a missing or different external ID, and missing MFA', () => {
      const other = `arn:aws:iam::${home}:user/mallory`;
      expect(assume([other], { 'aws:MultiFactorAuthPresent': 'true', 'sts:ExternalId': 'ext-1' })).toBe(
        'ImplicitlyDenied',
      );
      expect(assume([stepUp], { 'aws:MultiFactorAuthPresent': 'true' })).toBe('ImplicitlyDenied');
      expect(assume([stepUp], { 'aws:MultiFactorAuthPresent': 'true', 'sts:ExternalId': 'ext-2' })).toBe(
        'ImplicitlyDenied',
      );
      expect(assume([stepUp], { 'aws:MultiFactorAuthPresent': 'false', 'sts:ExternalId': 'ext-1' })).toBe(
        'ImplicitlyDenied',
      );
      expect(assume([stepUp], { 'sts:ExternalId': 'ext-1' })).toBe('ImplicitlyDenied');
    });

    it('name a role, whose sessions they then allow without MFA when they do not ask for it', () => {
      const reader = readerRoleTrust({ homeAccountId: home, externalId: 'ext-1' });
      const runtime = `arn:aws:iam::${home}:role/mfa-reset-bot-runtime`;
      const decide = (principals: string[]) =>
        evaluatePolicies([reader], {
          action: 'sts:AssumeRole',
          resource: 'r',
          principals,
          context: { 'sts:ExternalId': 'ext-1' },
        });
      expect(decide([`arn:aws:sts::${home}:assumed-role/mfa-reset-bot-runtime/task`, runtime])).toBe(
        'Allowed',
      );
      expect(decide([stepUp])).toBe('ImplicitlyDenied');
    });
  });

  it('refuses a document it cannot evaluate rather than guess', () => {
    const document = {
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
    };
    expect(() => evaluatePolicies([document], { action: 'iam:GetUser', resource: '*', context: {} })).toThrow(
      /IpAddress/,
    );
  });
});
