import { describe, expect, it } from 'vitest';
import { type Credentials, evaluate, iamArn, mfaContext } from '../../test/harness/iam-evaluator.js';
import { defaultSettings, type StackSettings, settingsFrom } from '../lib/settings.js';
import { policiesOf, synthesize, TEST_ENV } from './synth.js';

/**
 * The boundary IAM draws around the users the bot may reset, proven by the policy evaluator on the
 * documents the stack renders: the bot's own policy (iam/) and the boundary, for a session that
 * carries an approver's MFA code (the most a leaked key and one phished code can give).
 */

const withMfa: Credentials = 'session with MFA';

/** The boundary policy the stack renders for these settings, or undefined when it renders none. */
function boundaryOf(settings: Partial<StackSettings>): unknown {
  const policy = Object.values(policiesOf(synthesize(settings))).find(
    (candidate) => candidate.name === 'mfa-reset-bot-reset-boundary',
  );
  return policy === undefined ? undefined : { Version: '2012-10-17', Statement: policy.statements };
}

/** What IAM decides for DeactivateMFADevice on `user` (with its tags) under these settings. */
async function deactivate(
  settings: Partial<StackSettings>,
  user: string,
  tags: Record<string, string> = {},
): Promise<string> {
  const boundary = boundaryOf(settings);
  return evaluate({
    action: 'iam:DeactivateMFADevice',
    resource: iamArn.user(user),
    context: {
      ...mfaContext(withMfa),
      ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value])),
    },
    ...(boundary === undefined ? {} : { documents: { boundary } }),
  });
}

describe('the reset boundary IAM draws', () => {
  it('adds nothing with the default settings: the bot may reset any user iam/ allows', async () => {
    expect(boundaryOf({})).toBeUndefined();
    expect(await deactivate({}, 'admin-root')).toBe('Allowed');
  });

  it('refuses protectedUsers at the root and under any path, and nobody else', async () => {
    const settings = { protectedUsers: 'admin-*, break-glass' };
    expect(await deactivate(settings, 'admin-root')).toBe('ExplicitlyDenied');
    expect(await deactivate(settings, 'ops/admin-root')).toBe('ExplicitlyDenied');
    expect(await deactivate(settings, 'break-glass')).toBe('ExplicitlyDenied');
    expect(await deactivate(settings, 'alice')).toBe('Allowed');
    expect(await deactivate(settings, 'break-glass-2')).toBe('Allowed');
  });

  it('refuses users outside resettablePath', async () => {
    const settings = { resettablePath: '/staff/' };
    expect(await deactivate(settings, 'staff/alice')).toBe('Allowed');
    expect(await deactivate(settings, 'staff/eng/bob')).toBe('Allowed');
    expect(await deactivate(settings, 'alice')).toBe('ExplicitlyDenied');
    expect(await deactivate(settings, 'ops/carol')).toBe('ExplicitlyDenied');
  });

  it('refuses users without the resettableTag, or with another value', async () => {
    const settings = { resettableTag: 'mfa-reset=allowed' };
    expect(await deactivate(settings, 'alice', { 'mfa-reset': 'allowed' })).toBe('Allowed');
    expect(await deactivate(settings, 'bob')).toBe('ExplicitlyDenied');
    expect(await deactivate(settings, 'carol', { 'mfa-reset': 'no' })).toBe('ExplicitlyDenied');
  });

  it('pins the boundary to the stack’s account', () => {
    const text = JSON.stringify(boundaryOf({ protectedUsers: 'admin-*', resettablePath: '/staff/' }));
    expect(text).toContain(`arn:aws:iam::${TEST_ENV.account}:user/admin-*`);
    expect(text).toContain(`arn:aws:iam::${TEST_ENV.account}:user/staff/*`);
  });

  it.each([
    ['protectedUsers', 'admin/*'],
    ['resettablePath', 'staff'],
    ['resettablePath', '/staff'],
    ['resettableTag', 'no-value'],
    ['resettableTag', 'aws:team=x'],
  ])('refuses %s=%s with a message that names it', (key, value) => {
    expect(() => settingsFrom((name) => (name === key ? value : undefined))).toThrow(
      new RegExp(`${key}: "${value.replace(/[/*]/g, '\\$&')}" is not`),
    );
  });

  it('keeps the defaults when nothing is set', () => {
    expect(settingsFrom(() => undefined)).toEqual(defaultSettings);
  });
});
