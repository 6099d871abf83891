import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../harness/aws-failure.js';
import {
  EXTERNAL_ID,
  type Keys,
  MEMBER_ACCOUNT,
  type MemberWorld,
  RESET_ROLE_ARN,
  startMemberWorld,
} from './member-fixture.js';
import { RESET_ROLE } from './member-roles.js';

/**
 * STS AssumeRole in the emulator, as AWS answers it on the wire: the reset role of a member account
 * assumed by the home account's step-up user with its MFA session and the account's external ID,
 * and every refusal the contract names (403 AccessDenied, 400 ValidationError).
 */
const SESSION = 'mfa-reset-0b7c3f1e-8a2d-4c55-9e61-3f2a1b0c9d8e';

describe('AssumeRole in the IAM/STS emulator', () => {
  let world: MemberWorld;

  beforeEach(async () => {
    world = await startMemberWorld();
    // One code per test, at a step no boundary can move.
    world.emulator.state.clock.freeze();
  });
  afterEach(async () => {
    await world.close();
  });

  const assume = (keys: Keys, input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
    world.sts(keys).send(
      new AssumeRoleCommand({
        RoleArn: RESET_ROLE_ARN,
        RoleSessionName: SESSION,
        DurationSeconds: 900,
        ExternalId: EXTERNAL_ID,
        ...input,
      }),
    );

  it('issues a role session to the step-up user’s MFA session with the external ID', async () => {
    const now = world.emulator.state.clock.now();
    const answer = await assume(await world.mfaSession());

    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(answer.Credentials?.SecretAccessKey).toEqual(expect.any(String));
    expect(answer.Credentials?.SessionToken).toEqual(expect.any(String));
    expect(answer.Credentials?.Expiration?.getTime()).toBe(Math.floor(now / 1000) * 1000 + 900_000);
    expect(answer.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/${RESET_ROLE}/${SESSION}`,
      AssumedRoleId: expect.stringMatching(new RegExp(`^AROA[A-Z2-7]{17}:${SESSION}$`)),
    });
    const session = world.member.state.roles.session(answer.Credentials!.AccessKeyId!);
    expect(session?.mfaAuthenticated).toBe(true);
  });

  it('acts as the role in the member account', async () => {
    const { Credentials } = await assume(await world.mfaSession());
    const role = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };

    await expect(world.sts(role).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: MEMBER_ACCOUNT,
      Arn: `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/${RESET_ROLE}/${SESSION}`,
      UserId: expect.stringMatching(new RegExp(`^AROA[A-Z2-7]{17}:${SESSION}$`)),
    });
    expect((await failureOf(world.sts(role).send(new GetSessionTokenCommand({})))).code).toBe('AccessDenied');

    world.emulator.state.clock.advance(900_000);
    expect((await failureOf(world.sts(role).send(new GetCallerIdentityCommand({})))).code).toBe(
      'ExpiredToken',
    );
  });

  describe('refuses with 403 AccessDenied', () => {
    const denied = async (promise: Promise<unknown>) => {
      const failure = await failureOf(promise);
      expect(failure).toMatchObject({ code: 'AccessDenied', status: 403 });
      expect(world.member.state.roles.issuedSessions()).toEqual([]);
      return failure;
    };

    it('the step-up user’s long-term key: the trust asks for MFA', async () => {
      const failure = await denied(assume(world.bot));
      expect(failure.message).toContain(world.bot.arn);
      expect(failure.message).toContain(RESET_ROLE_ARN);
    });

    it('a session issued without an MFA code', async () => {
      const { Credentials } = await world.sts(world.bot).send(new GetSessionTokenCommand({}));
      const session = {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      };
      await denied(assume(session));
    });

    it('a wrong external ID, and none at all', async () => {
      const session = await world.mfaSession();
      await denied(assume(session, { ExternalId: 'mfa-reset-bot-999999999999' }));
      await denied(assume(session, { ExternalId: undefined }));
    });

    it('a principal the trust does not name, even with MFA', async () => {
      const other = world.emulator.state.addBotUser({ userName: 'mallory' });
      const device = other.devices[0]!;
      const { Credentials } = await world.sts(other).send(
        new GetSessionTokenCommand({
          SerialNumber: device.serial,
          TokenCode: world.emulator.codeFor(device.seed),
        }),
      );
      await denied(
        assume({
          accessKeyId: Credentials!.AccessKeyId!,
          secretAccessKey: Credentials!.SecretAccessKey!,
          sessionToken: Credentials!.SessionToken!,
        }),
      );
    });

    it('a role that does not exist, in the member account or in no account at all', async () => {
      const session = await world.mfaSession();
      await denied(assume(session, { RoleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/no-such-role` }));
      await denied(assume(session, { RoleArn: `arn:aws:iam::999999999999:role/${RESET_ROLE}` }));
    });
  });

  describe('refuses with 400 ValidationError', () => {
    it.each([
      ['a session name with a character outside [\\w+=,.@-]', { RoleSessionName: 'mfa-reset:1' }],
      ['a one-character session name', { RoleSessionName: 'x' }],
      ['a session name longer than 64 characters', { RoleSessionName: 'm'.repeat(65) }],
      ['a duration under 900 seconds', { DurationSeconds: 899 }],
      ['a duration beyond the role’s maximum (3600 seconds)', { DurationSeconds: 3601 }],
    ])('%s', async (_case, input) => {
      const failure = await failureOf(assume(await world.mfaSession(), input));
      expect(failure).toMatchObject({ code: 'ValidationError', status: 400 });
      expect(world.member.state.roles.issuedSessions()).toEqual([]);
    });
  });
});
