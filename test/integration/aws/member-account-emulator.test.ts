import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../harness/aws-failure.js';
import {
  EXTERNAL_ID,
  HOME_ACCOUNT,
  type Keys,
  MEMBER_ACCOUNT,
  type MemberWorld,
  RESET_ROLE_ARN,
  startMemberWorld,
} from './member-fixture.js';
import { READER_ROLE, RESET_ROLE, resetRolePolicy } from './member-roles.js';

/**
 * A member account's role sessions in the emulator: they act in the role's account only, as its
 * permission policies allow (the protect-tag deny, MFA-gated resets) and its SCP permits, and the
 * account's CloudTrail records them as AWS does; the reader role's session looks up that account's
 * events. Raw SDK clients, over HTTP.
 */
describe('member accounts in the IAM/STS emulator', () => {
  let world: MemberWorld;
  let reset: Keys;
  let aliceDevice: string;

  beforeEach(async () => {
    world = await startMemberWorld();
    world.emulator.state.clock.freeze();
    // Alice exists in both accounts, each with a device of the same name.
    world.emulator.state.addUser({ userName: 'alice' });
    world.emulator.state.addVirtualDevice({ userName: 'alice' });
    world.member.state.addUser({ userName: 'alice' });
    aliceDevice = world.member.state.addVirtualDevice({ userName: 'alice' }).serial;
    reset = await world.assumeReset(await world.mfaSession());
  });
  afterEach(async () => {
    await world.close();
  });

  const deactivate = (keys: Keys, userName: string, serial: string) =>
    world.iam(keys).send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial }));

  it('resets a device in the member account, leaving the home account’s alone', async () => {
    const { MFADevices } = await world.iam(reset).send(new ListMFADevicesCommand({ UserName: 'alice' }));
    expect(MFADevices?.map((d) => d.SerialNumber)).toEqual([`arn:aws:iam::${MEMBER_ACCOUNT}:mfa/alice`]);

    await deactivate(reset, 'alice', aliceDevice);
    await world.iam(reset).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: aliceDevice }));

    expect(world.member.state.devicesOf('alice')).toEqual([]);
    expect(world.member.state.virtualDeviceExists(aliceDevice)).toBe(false);
    expect(world.emulator.state.devicesOf('alice')).toHaveLength(1);
  });

  describe('refuses with 403 AccessDenied', () => {
    const refused = async (promise: Promise<unknown>) => {
      const failure = await failureOf(promise);
      expect(failure).toMatchObject({ code: 'AccessDenied', status: 403 });
      expect(world.member.cloudTrail.records.filter((r) => r.eventName === 'DeactivateMFADevice')).toEqual(
        [],
      );
      return failure;
    };

    it('a reset of a user tagged mfa-reset-protected (the role’s explicit deny)', async () => {
      world.member.state.setTags('alice', { 'mfa-reset-protected': 'true' });
      const failure = await refused(deactivate(reset, 'alice', aliceDevice));
      expect(failure.message).toContain('explicit deny in an identity-based policy');
      expect(world.member.state.devicesOf('alice')).toHaveLength(1);
    });

    it('a reset the account’s service control policy denies', async () => {
      world.member.state.scp.deny('iam:DeactivateMFADevice');
      const failure = await refused(deactivate(reset, 'alice', aliceDevice));
      expect(failure.message).toContain('with an explicit deny in a service control policy');
      expect(failure.message).toContain(`assumed-role/${RESET_ROLE}/`);
    });

    it('a reset by a role session assumed with a long-term key: it has no MFA context to carry', async () => {
      const role = world.member.state.roles.add({
        roleName: 'reset-without-mfa-in-trust',
        trustPolicy: {
          Statement: [{ Effect: 'Allow', Principal: { AWS: world.bot.arn }, Action: 'sts:AssumeRole' }],
        },
        policies: { reset: resetRolePolicy() },
      });
      const { Credentials } = await world
        .sts(world.bot)
        .send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'no-mfa', DurationSeconds: 900 }));
      const session = {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      };
      expect(world.member.state.roles.session(session.accessKeyId)?.mfaAuthenticated).toBe(false);
      const failure = await refused(deactivate(session, 'alice', aliceDevice));
      expect(failure.message).toContain('explicit deny in an identity-based policy');
    });

    it('what the role’s policies do not allow', async () => {
      await refused(world.iam(reset).send(new ListUsersCommand({})));
    });

    it('a device of the home account: the session acts in the member account only', async () => {
      const homeDevice = world.emulator.state.devicesOf('alice')[0]!.serial;
      expect((await failureOf(deactivate(reset, 'alice', homeDevice))).code).toBe('NoSuchEntity');
      expect(world.emulator.state.devicesOf('alice')).toHaveLength(1);
    });
  });

  describe('CloudTrail', () => {
    const recordOf = (name: string, log = world.member.cloudTrail) =>
      log.records.find((record) => record.eventName === name)?.record as Record<string, unknown> | undefined;

    it('records the reset role’s calls in the member account, as AssumedRole', async () => {
      await deactivate(reset, 'alice', aliceDevice);

      const record = recordOf('DeactivateMFADevice');
      expect(record?.recipientAccountId).toBe(MEMBER_ACCOUNT);
      expect(record?.userIdentity).toMatchObject({
        type: 'AssumedRole',
        arn: expect.stringMatching(
          new RegExp(`^arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/${RESET_ROLE}/mfa-reset-`),
        ),
        accountId: MEMBER_ACCOUNT,
        accessKeyId: reset.accessKeyId,
        sessionContext: {
          attributes: { mfaAuthenticated: 'true' },
          sessionIssuer: { type: 'Role', arn: RESET_ROLE_ARN, userName: RESET_ROLE },
        },
      });
      expect(recordOf('DeactivateMFADevice', world.emulator.cloudTrail)).toBeUndefined();
    });

    it('records AssumeRole in the role’s account and in the caller’s, sharing one event ID', async () => {
      const record = recordOf('AssumeRole');
      expect(record).toMatchObject({
        eventSource: 'sts.amazonaws.com',
        recipientAccountId: MEMBER_ACCOUNT,
        userIdentity: { type: 'IAMUser', arn: world.bot.arn, accountId: HOME_ACCOUNT },
        requestParameters: {
          roleArn: RESET_ROLE_ARN,
          roleSessionName: expect.stringMatching(/^mfa-reset-/),
          durationSeconds: 900,
          externalId: EXTERNAL_ID,
        },
        responseElements: { credentials: { accessKeyId: reset.accessKeyId } },
      });
      const home = recordOf('AssumeRole', world.emulator.cloudTrail);
      expect(home?.recipientAccountId).toBe(HOME_ACCOUNT);
      expect(home?.sharedEventID).toEqual(expect.any(String));
      expect(home?.sharedEventID).toBe(record?.sharedEventID);
    });

    it('answers a reader role session’s LookupEvents with the member account’s events', async () => {
      await deactivate(reset, 'alice', aliceDevice);
      // A reset in the home account too (the next step's code), which the member's trail must not show.
      world.emulator.state.addVirtualDevice({ userName: 'alice', name: 'alice-2' });
      const home = await world.mfaSession(1);
      await deactivate(home, 'alice', `arn:aws:iam::${HOME_ACCOUNT}:mfa/alice-2`);

      world.emulator.home.state.roles.add({
        roleName: 'mfa-reset-bot-runtime',
        trustPolicy: {
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      });
      const runtime = world.emulator.home.state.roles.issueSession('mfa-reset-bot-runtime', {
        sessionName: 'task',
      });
      const { Credentials } = await world.sts(runtime).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/${READER_ROLE}`,
          RoleSessionName: 'mfa-reset-bot-reader',
          DurationSeconds: 900,
          ExternalId: EXTERNAL_ID,
        }),
      );
      const reader = {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      };

      const { Events } = await world.cloudTrail(reader).send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeactivateMFADevice' }],
        }),
      );
      expect(Events?.map((e) => JSON.parse(e.CloudTrailEvent!).recipientAccountId)).toEqual([MEMBER_ACCOUNT]);
      expect(Events?.[0]?.Username).toMatch(/^mfa-reset-/);
      expect(world.emulator.cloudTrail.records.some((r) => r.eventName === 'DeactivateMFADevice')).toBe(true);
    });
  });
});
