import {
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  GetUserCommand,
  IAMClient,
  ListMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BotUser,
  type IamStsEmulator,
  MFA_REQUIRED_SENTENCE,
  REDACTED,
  startIamStsEmulator,
} from '../../../sandbox/iam-sts-emulator/index.js';
import { failureOf } from '../../harness/aws-failure.js';
import { wrongCode } from './fixture.js';

/**
 * The emulator's own subtleties, seen through raw SDK clients (no retries, explicit endpoint) so
 * that what is asserted is the emulator's answer, not the adapters' reading of it.
 */
interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

describe('IAM/STS emulator', () => {
  let emulator: IamStsEmulator;
  let bot: BotUser;
  let device: { serial: string; seed: string };
  const clients: Array<{ destroy(): void }> = [];

  function iam(credentials: Keys): IAMClient {
    const client = new IAMClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  }
  function sts(credentials: Keys): STSClient {
    const client = new STSClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  }
  async function mfaSession(code = emulator.codeFor(device.seed)): Promise<Keys> {
    const { Credentials } = await sts(bot).send(
      new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: code, DurationSeconds: 900 }),
    );
    return {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
  }

  beforeEach(async () => {
    emulator = await startIamStsEmulator();
    bot = emulator.state.addBotUser();
    device = bot.devices[0]!;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await emulator.close();
  });

  describe('TOTP codes', () => {
    beforeEach(() => {
      // These tests aim at particular steps: a step boundary passing mid-test would shift them.
      emulator.state.clock.freeze();
    });

    it('accepts a code once per device, then answers AWS’s invalid-code error', async () => {
      const code = emulator.codeFor(device.seed);
      await mfaSession(code);

      const failure = await failureOf(mfaSession(code));

      expect(failure).toEqual({
        code: 'AccessDenied',
        message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
        status: 403,
      });
    });

    it('accepts the neighbouring steps’ codes, so a test can get two valid codes within 30 s', async () => {
      await mfaSession(emulator.codeFor(device.seed, 0));
      await mfaSession(emulator.codeFor(device.seed, 1));
      await mfaSession(emulator.codeFor(device.seed, -1));

      expect(emulator.state.issuedSessions()).toHaveLength(3);
    });

    it('refuses a wrong code and one from outside the ±1 step window', async () => {
      expect((await failureOf(mfaSession(wrongCode(device.seed, emulator.state.clock.now())))).code).toBe(
        'AccessDenied',
      );
      expect((await failureOf(mfaSession(emulator.codeFor(device.seed, 2)))).code).toBe('AccessDenied');
    });

    it('accepts any code, as often as it is sent, only for a device a test opened up', async () => {
      const other = emulator.state.addBotUser({ userName: 'other-bot', approvers: ['U0OTHER'] });
      emulator.state.acceptAnyCode.add(device.serial);
      const wrong = wrongCode(device.seed, emulator.state.clock.now());
      await mfaSession(wrong);
      await mfaSession(wrong);
      expect(emulator.state.issuedSessions()).toHaveLength(2);

      const strict = sts(other).send(
        new GetSessionTokenCommand({ SerialNumber: other.devices[0]!.serial, TokenCode: wrong }),
      );
      expect((await failureOf(strict)).code).toBe('AccessDenied');
    });

    it('redacts token codes in the call log', async () => {
      await mfaSession();
      expect(emulator.state.callsTo('GetSessionToken')[0]?.params).toEqual({
        SerialNumber: device.serial,
        TokenCode: REDACTED,
        DurationSeconds: '900',
      });
    });
  });

  describe('session credentials', () => {
    it('carry MFA context until DurationSeconds have passed, then are expired', async () => {
      emulator.state.deactivateRequiresMfa = true;
      const session = await mfaSession();
      await expect(iam(session).send(new GetUserCommand({ UserName: bot.userName }))).resolves.toBeDefined();

      emulator.state.clock.advance(900_000);

      expect(await failureOf(iam(session).send(new GetUserCommand({})))).toEqual({
        code: 'ExpiredToken',
        message: 'The security token included in the request is expired',
        status: 403,
      });
    });

    it('are not accepted without their session token', async () => {
      const { accessKeyId, secretAccessKey } = await mfaSession();
      const failure = await failureOf(iam({ accessKeyId, secretAccessKey }).send(new GetUserCommand({})));
      expect(failure.code).toBe('InvalidClientTokenId');
    });

    it('cannot call GetSessionToken again', async () => {
      const session = await mfaSession();
      expect(await failureOf(sts(session).send(new GetSessionTokenCommand({})))).toEqual({
        code: 'AccessDenied',
        message: 'Cannot call GetSessionToken with session credentials',
        status: 403,
      });
      await expect(sts(session).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
        Arn: bot.arn,
        Account: '123456789012',
      });
    });

    it('cannot call IAM at all when issued without an MFA code', async () => {
      const { Credentials } = await sts(bot).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      const session = {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      };
      expect((await failureOf(iam(session).send(new GetUserCommand({})))).code).toBe('InvalidClientTokenId');
    });
  });

  it('refuses unknown access keys', async () => {
    const failure = await failureOf(
      iam({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }).send(new GetUserCommand({})),
    );
    expect(failure).toEqual({
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
  });

  describe('MFA device changes', () => {
    beforeEach(() => {
      emulator.state.addUser({ userName: 'alice' });
    });

    it('denies them without MFA with IAM’s explicit-deny wording and its MFA sentence', async () => {
      const { serial } = emulator.state.addVirtualDevice({ userName: 'alice' });
      const failure = await failureOf(
        iam(bot).send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial })),
      );
      expect(failure.code).toBe('AccessDenied');
      expect(failure.status).toBe(403);
      expect(failure.message).toBe(
        'User: arn:aws:iam::123456789012:user/mfa-reset-bot is not authorized to perform: ' +
          'iam:DeactivateMFADevice on resource: user alice with an explicit deny in an identity-based policy. ' +
          MFA_REQUIRED_SENTENCE,
      );
    });

    it('keep a deactivated virtual device, unassigned, until it is deleted', async () => {
      const { serial } = emulator.state.addVirtualDevice({ userName: 'alice' });
      const session = await mfaSession();

      expect(
        (await failureOf(iam(session).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }))))
          .status,
      ).toBe(409);
      await iam(session).send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial }));
      expect(emulator.state.devicesOf('alice')).toEqual([]);
      expect(emulator.state.virtualDeviceExists(serial)).toBe(true);

      await iam(session).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
      expect(emulator.state.virtualDeviceExists(serial)).toBe(false);
    });

    it('answer NoSuchEntity for a device the user does not have', async () => {
      const session = await mfaSession();
      const failure = await failureOf(
        iam(session).send(
          new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: 'GAHT00000000' }),
        ),
      );
      expect(failure).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    });
  });

  it('pages ListMFADevices by the smaller of MaxItems and its page size', async () => {
    emulator.state.pageSize = 2;
    emulator.state.addUser({ userName: 'alice' });
    for (const name of ['a', 'b', 'c']) emulator.state.addVirtualDevice({ userName: 'alice', name });

    const first = await iam(bot).send(new ListMFADevicesCommand({ UserName: 'alice' }));
    const second = await iam(bot).send(
      new ListMFADevicesCommand({ UserName: 'alice', Marker: first.Marker }),
    );

    expect(first.MFADevices?.map((d) => d.SerialNumber)).toEqual([
      'arn:aws:iam::123456789012:mfa/a',
      'arn:aws:iam::123456789012:mfa/b',
    ]);
    expect(first.IsTruncated).toBe(true);
    expect(second.MFADevices?.map((d) => d.SerialNumber)).toEqual(['arn:aws:iam::123456789012:mfa/c']);
    expect(second.IsTruncated).toBe(false);
  });

  it('injects any error for the next N calls, then answers normally', async () => {
    emulator.faults.failNext('GetUser', { status: 500, code: 'ServiceFailure', message: 'boom', times: 2 });

    expect(await failureOf(iam(bot).send(new GetUserCommand({})))).toEqual({
      code: 'ServiceFailure',
      message: 'boom',
      status: 500,
    });
    expect((await failureOf(iam(bot).send(new GetUserCommand({})))).code).toBe('ServiceFailure');
    await expect(iam(bot).send(new GetUserCommand({}))).resolves.toBeDefined();
  });
});
