import { describe, expect, it } from 'vitest';
import { type Credentials, evaluate, iamArn, mfaContext } from '../../harness/iam-evaluator.js';

/**
 * The IAM policy documents of iam/, as AWS would evaluate them for the bot's IAM user, proven by
 * an IAM policy evaluator rather than by reading them.
 */

const alice = iamArn.user('alice');
const alicePhone = iamArn.mfa('alice-phone');
const resets = [
  { action: 'iam:DeactivateMFADevice', resource: alice },
  { action: 'iam:DeleteVirtualMFADevice', resource: alicePhone },
] as const;

describe('the bot’s IAM policy (iam/mfa-reset-bot-policy.json)', () => {
  describe.each(resets)('$action', ({ action, resource }) => {
    it.each<Credentials>(['long-term key', 'session without MFA'])(
      'is denied explicitly with a %s',
      async (credentials) => {
        expect(await evaluate({ action, resource, context: mfaContext(credentials) })).toBe(
          'ExplicitlyDenied',
        );
      },
    );

    it('is allowed with a session that carries MFA', async () => {
      expect(await evaluate({ action, resource, context: mfaContext('session with MFA') })).toBe('Allowed');
    });
  });

  it('denies resets of the bot’s own user and of its devices, even with MFA', async () => {
    const context = mfaContext('session with MFA');
    expect(
      await evaluate({ action: 'iam:DeactivateMFADevice', resource: iamArn.user('mfa-reset-bot'), context }),
    ).toBe('ExplicitlyDenied');
    for (const device of ['mfa-reset-bot', 'mfa-reset-bot-alice', 'mfa-reset-bot-U0ERIN']) {
      expect(
        await evaluate({ action: 'iam:DeleteVirtualMFADevice', resource: iamArn.mfa(device), context }),
      ).toBe('ExplicitlyDenied');
    }
  });

  it.each(['true', 'yes', ''])(
    'denies a reset of a user tagged mfa-reset-protected=%j, even with MFA',
    async (value) => {
      const context = { ...mfaContext('session with MFA'), 'aws:ResourceTag/mfa-reset-protected': value };
      expect(await evaluate({ action: 'iam:DeactivateMFADevice', resource: alice, context })).toBe(
        'ExplicitlyDenied',
      );
    },
  );

  it('allows a reset of a user whose protection tag says false, as the bot reads protect.tag', async () => {
    const context = { ...mfaContext('session with MFA'), 'aws:ResourceTag/mfa-reset-protected': 'FALSE' };
    expect(await evaluate({ action: 'iam:DeactivateMFADevice', resource: alice, context })).toBe('Allowed');
  });

  it.each([
    ['iam:GetUser', alice],
    ['iam:ListMFADevices', alice],
    ['iam:ListUserTags', alice],
    ['iam:ListUsers', '*'],
    ['iam:ListVirtualMFADevices', '*'],
    ['iam:GetLoginProfile', alice],
    ['iam:ListAttachedGroupPolicies', iamArn.group('admins')],
    ['cloudtrail:LookupEvents', '*'],
  ])('allows the read %s without MFA', async (action, resource) => {
    expect(await evaluate({ action, resource, context: mfaContext('long-term key') })).toBe('Allowed');
  });

  it.each([
    ['iam:CreateAccessKey', alice],
    ['iam:EnableMFADevice', alice],
    ['iam:CreateVirtualMFADevice', alicePhone],
    ['iam:AttachUserPolicy', iamArn.user('mfa-reset-bot')],
    ['iam:PutUserPolicy', iamArn.user('mfa-reset-bot')],
  ])('grants nothing else: %s is denied even with MFA', async (action, resource) => {
    expect(await evaluate({ action, resource, context: mfaContext('session with MFA') })).not.toBe('Allowed');
  });
});

describe('the bot’s audit table policy (iam/dynamodb-policy.json)', () => {
  const table = iamArn.table();

  it.each([
    'dynamodb:Scan',
    // Without the item's key among the request's context, the narrow grants below do not apply.
    'dynamodb:DeleteItem',
    'dynamodb:UpdateItem',
    'dynamodb:UpdateTable',
    'dynamodb:DeleteTable',
    'dynamodb:BatchWriteItem',
  ])('denies %s on the table', async (action) => {
    expect(await evaluate({ action, resource: table })).not.toBe('Allowed');
  });

  it.each(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchGetItem'])(
    'allows %s on the table',
    async (action) => {
      expect(await evaluate({ action, resource: table })).toBe('Allowed');
    },
  );

  const leading = (key: string) => ({ 'dynamodb:LeadingKeys': [key] });

  it('allows UpdateItem only on the items of requests (their code-attempt counters)', async () => {
    expect(
      await evaluate({ action: 'dynamodb:UpdateItem', resource: table, context: leading('REQ#r1') }),
    ).toBe('Allowed');
    for (const key of ['EVT#000000000001', 'CHAIN', 'LOCK#IAMUSER#alice', 'DEVICE#GAHT1']) {
      expect(
        await evaluate({ action: 'dynamodb:UpdateItem', resource: table, context: leading(key) }),
      ).not.toBe('Allowed');
    }
  });

  it('allows DeleteItem only on the locks of IAM users, never on events, requests or the chain head', async () => {
    expect(
      await evaluate({
        action: 'dynamodb:DeleteItem',
        resource: table,
        context: leading('LOCK#IAMUSER#alice'),
      }),
    ).toBe('Allowed');
    for (const key of ['EVT#000000000001', 'CHAIN', 'REQ#r1', 'DEVICE#GAHT1']) {
      expect(
        await evaluate({ action: 'dynamodb:DeleteItem', resource: table, context: leading(key) }),
      ).not.toBe('Allowed');
    }
  });

  it('allows Query on the table only within a request’s or an approver device’s partition (their approval and code records)', async () => {
    for (const key of ['REQ#r1', 'DEVICE#arn:aws:iam::123456789012:mfa/erin']) {
      expect(await evaluate({ action: 'dynamodb:Query', resource: table, context: leading(key) })).toBe(
        'Allowed',
      );
    }
    for (const key of ['EVT#000000000001', 'CHAIN', 'LOCK#IAMUSER#alice']) {
      expect(await evaluate({ action: 'dynamodb:Query', resource: table, context: leading(key) })).not.toBe(
        'Allowed',
      );
    }
    expect(await evaluate({ action: 'dynamodb:Query', resource: table })).not.toBe('Allowed');
  });

  it('allows Query on the indexes, and nothing on another table', async () => {
    expect(await evaluate({ action: 'dynamodb:Query', resource: `${table}/index/byTarget` })).toBe('Allowed');
    expect(await evaluate({ action: 'dynamodb:PutItem', resource: iamArn.table('other-table') })).not.toBe(
      'Allowed',
    );
  });
});

describe('the auditors’ policy (iam/audit-reader-policy.json)', () => {
  const policies = ['audit-reader-policy'] as const;
  const table = iamArn.table();
  const principal = iamArn.user('auditor');

  it.each([
    ['dynamodb:Query', `${table}/index/byDay`],
    ['dynamodb:Scan', table],
    ['dynamodb:GetItem', table],
    ['dynamodb:DescribeTable', table],
    ['cloudtrail:LookupEvents', '*'],
  ])('allows the read %s', async (action, resource) => {
    expect(await evaluate({ action, resource, policies, principal })).toBe('Allowed');
  });

  it.each(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:UpdateTable'])(
    'denies the write %s',
    async (action) => {
      expect(await evaluate({ action, resource: table, policies, principal })).not.toBe('Allowed');
    },
  );
});
