import { describe, expect, it } from 'vitest';
import { ResetError } from '../../../src/domain/errors.js';
import {
  ALICE,
  ALICE_HARDWARE,
  ALICE_VIRTUAL,
  ERIN,
  ERIN_ALT,
  MALLORY,
  OSCAR,
  SAM,
  SECURITY_GROUP,
} from '../fakes/people.js';
import { aWorld } from '../fakes/world.js';

describe('prepare: what a member would reset', () => {
  it('shows the IAM user a member maps to and its MFA devices', async () => {
    const world = aWorld();
    await expect(world.requests.prepare(ALICE)).resolves.toEqual({
      targetSlackId: ALICE,
      iamUserName: 'alice',
      devices: [
        { serial: ALICE_VIRTUAL, kind: 'virtual' },
        { serial: ALICE_HARDWARE, kind: 'hardware' },
      ],
      // No rule in the config: the global approvers, as the last rule.
      rule: {
        name: 'default',
        why: ['no other rule matches'],
        settings: {
          approvers: { users: [ERIN, SAM], userGroups: [SECURITY_GROUP] },
          minApprovals: 1,
          requesters: 'both',
          verification: 'none',
          waitMinutes: 0,
        },
      },
    });
    expect(world.store.events()).toEqual([]);
  });

  it('maps a member through their profile e-mail', async () => {
    const world = aWorld({
      rules: { mapping: [{ email: { template: '{localPart}', domains: ['example.com'] } }] },
    });
    world.iam.addUser({ userName: 'mallory', devices: ['GAHT00000042'] });
    world.directory.setEmail(MALLORY, 'mallory@example.com');
    await expect(world.requests.prepare(MALLORY)).resolves.toMatchObject({ iamUserName: 'mallory' });
  });

  it('maps a member through an IAM user tag holding their Slack ID', async () => {
    const world = aWorld({ rules: { mapping: [{ tag: { key: 'slack-user-id' } }] } });
    world.iam.addUser({ userName: 'erin', tags: { 'slack-user-id': ERIN_ALT }, devices: ['GAHT00000043'] });
    await expect(world.requests.prepare(ERIN_ALT)).resolves.toMatchObject({ iamUserName: 'erin' });
    expect(world.iam.calls[0]).toEqual({
      action: 'FindUsersByTag',
      tag: { key: 'slack-user-id', value: ERIN_ALT },
    });
  });

  it('tries the mapping rules in order and takes the first that gives a name', async () => {
    const world = aWorld({
      rules: { mapping: [{ static: { [ALICE]: 'alice' } }, { email: { template: 'corp-{localPart}' } }] },
    });
    world.iam.addUser({ userName: 'corp-alice', devices: ['GAHT00000044'] });
    await expect(world.requests.prepare(ALICE)).resolves.toMatchObject({ iamUserName: 'alice' });
  });

  it('moves on to the next rule when a rule gives no name', async () => {
    const world = aWorld({
      rules: {
        mapping: [
          { email: { template: '{localPart}', domains: ['corp.example'] } },
          { static: { [ALICE]: 'alice' } },
        ],
      },
    });
    await expect(world.requests.prepare(ALICE)).resolves.toMatchObject({ iamUserName: 'alice' });
  });

  it('does not fall through to the next rule when a name maps to a missing IAM user', async () => {
    const world = aWorld({
      rules: { mapping: [{ static: { [ALICE]: 'alice-typo' } }, { email: { template: '{localPart}' } }] },
    });
    await expect(world.requests.prepare(ALICE)).rejects.toMatchObject({ code: 'IAM_USER_NOT_FOUND' });
  });

  it('refuses an unmapped member and records one REQUEST_REFUSED event', async () => {
    const world = aWorld();
    await expect(world.requests.prepare(MALLORY)).rejects.toMatchObject({ code: 'MEMBER_NOT_MAPPED' });
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'REQUEST_REFUSED',
        outcome: 'refused',
        actor: { kind: 'member', slackUserId: MALLORY },
        target: { slackUserId: MALLORY },
        errorCode: 'MEMBER_NOT_MAPPED',
      }),
    ]);
  });

  it('refuses a member whose IAM user does not exist and names the user in the event', async () => {
    const world = aWorld({ rules: { mapping: [{ static: { [ALICE]: 'alice-gone' } }] } });
    await expect(world.requests.prepare(ALICE)).rejects.toMatchObject({ code: 'IAM_USER_NOT_FOUND' });
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'REQUEST_REFUSED',
        target: { slackUserId: ALICE, iamUserName: 'alice-gone' },
        errorCode: 'IAM_USER_NOT_FOUND',
      }),
    ]);
  });

  it.each([
    ['a protect.users glob', 'admin-root', {}],
    ['the protection tag', 'oscar', { 'mfa-reset-protected': 'true' }],
    ['being the bot’s own user', 'mfa-reset-bot', {}],
  ])('refuses a member whose IAM user is protected by %s', async (_how, userName, tags) => {
    const world = aWorld({ rules: { mapping: [{ static: { [OSCAR]: userName } }] } });
    world.iam.addUser({ userName, tags, devices: ['GAHT00000045'] });
    await expect(world.requests.prepare(OSCAR)).rejects.toMatchObject({
      code: 'USER_PROTECTED',
      details: { iamUserName: userName },
    });
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'REQUEST_REFUSED',
        target: { slackUserId: OSCAR, iamUserName: userName },
        errorCode: 'USER_PROTECTED',
      }),
    ]);
    expect(world.iam.calls.map((c) => c.action)).not.toContain('ListMFADevices');
  });

  it('refuses a member whose IAM user has no MFA devices', async () => {
    const world = aWorld();
    world.iam.addUser({ userName: 'alice', devices: [] });
    await expect(world.requests.prepare(ALICE)).rejects.toMatchObject({ code: 'NO_MFA_DEVICES' });
    expect(world.store.events()).toEqual([
      expect.objectContaining({
        type: 'REQUEST_REFUSED',
        target: { slackUserId: ALICE, iamUserName: 'alice' },
        errorCode: 'NO_MFA_DEVICES',
      }),
    ]);
  });

  it('passes an AWS outage through as it is, without recording it as a refusal', async () => {
    const world = aWorld();
    world.iam.failNext({ action: 'ListMFADevices', error: new ResetError('AWS_UNAVAILABLE', 'IAM is down') });
    await expect(world.requests.prepare(ALICE)).rejects.toMatchObject({ code: 'AWS_UNAVAILABLE' });
    expect(world.store.events()).toEqual([]);
  });
});
