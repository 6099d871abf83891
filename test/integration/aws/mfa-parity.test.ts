import {
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  GetUserCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BotUser,
  type IamStsEmulator,
  startIamStsEmulator,
} from '../../../sandbox/iam-sts-emulator/index.js';
import { ACCOUNT_ID, type Credentials, evaluate, iamArn, mfaContext } from '../../harness/iam-evaluator.js';

/**
 * The IAM/STS emulator stands in for AWS in every test of a reset, so its notion of "MFA required"
 * must be the one the bot's real policy gives. The same requests go to both: the emulator over HTTP
 * with the real SDK, signed with each kind of credentials, and the policy evaluator with the context
 * keys AWS sets for those credentials. They must agree on which requests are refused.
 *
 * Not compared here: the policy's denials for the bot's own user and for protected users, which the
 * emulator does not model (the bot refuses those before any IAM call; the evaluator proves the
 * policy's side in test/unit/iam/policies.test.ts).
 */

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

type Call = 'GetUser' | 'ListMFADevices' | 'ListUserTags' | 'DeactivateMFADevice' | 'DeleteVirtualMFADevice';

const reads = ['GetUser', 'ListMFADevices', 'ListUserTags'] as const;
const resets = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] as const;

/**
 * Reads and resets with a long-term key and with an MFA session; resets also with a session
 * without MFA. (Reads with such a session are left out: AWS refuses every IAM call from it before
 * any policy is read, a rule of STS the policy evaluator does not model.)
 */
const cases: ReadonlyArray<{ call: Call; credentials: Credentials }> = [
  ...[...reads, ...resets].flatMap((call) =>
    (['long-term key', 'session with MFA'] as const).map((credentials) => ({ call, credentials })),
  ),
  ...resets.map((call) => ({ call, credentials: 'session without MFA' as const })),
];

describe('the emulator’s "MFA required" and the bot’s IAM policy', () => {
  let emulator: IamStsEmulator;
  let bot: BotUser;
  const clients: Array<{ destroy(): void }> = [];

  beforeAll(async () => {
    emulator = await startIamStsEmulator({ accountId: ACCOUNT_ID, deactivateRequiresMfa: true });
    bot = emulator.state.addBotUser({ approvers: ['U0ERIN'] });
    emulator.state.addUser({ userName: 'alice' });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await emulator.close();
  });

  function client<T extends { destroy(): void }>(made: T): T {
    clients.push(made);
    return made;
  }

  /** One session of each kind for all cases: a TOTP code works once. */
  const sessions = new Map<Credentials, Promise<Keys>>();
  function keysFor(credentials: Credentials): Promise<Keys> {
    if (credentials === 'long-term key') return Promise.resolve(bot);
    let keys = sessions.get(credentials);
    if (keys === undefined) {
      keys = newSession(credentials);
      sessions.set(credentials, keys);
    }
    return keys;
  }

  async function newSession(credentials: Credentials): Promise<Keys> {
    const sts = client(
      new STSClient({ endpoint: emulator.url, region: 'us-east-1', credentials: bot, maxAttempts: 1 }),
    );
    const device = bot.devices[0]!;
    const { Credentials: session } = await sts.send(
      new GetSessionTokenCommand(
        credentials === 'session with MFA'
          ? { SerialNumber: device.serial, TokenCode: emulator.codeFor(device.seed), DurationSeconds: 900 }
          : { DurationSeconds: 900 },
      ),
    );
    return {
      accessKeyId: session!.AccessKeyId!,
      secretAccessKey: session!.SecretAccessKey!,
      sessionToken: session!.SessionToken!,
    };
  }

  let devices = 0;
  const newDevice = () => emulator.state.addVirtualDevice({ userName: 'alice', name: `alice-${++devices}` });

  /** Each change on a device of its own, so that no case depends on another having run. */
  function arrange(call: Call): { send: (iam: IAMClient) => Promise<unknown>; resource: string } {
    switch (call) {
      case 'GetUser':
        return { send: (iam) => iam.send(new GetUserCommand({ UserName: 'alice' })), ...target('alice') };
      case 'ListMFADevices':
        return {
          send: (iam) => iam.send(new ListMFADevicesCommand({ UserName: 'alice' })),
          ...target('alice'),
        };
      case 'ListUserTags':
        return {
          send: (iam) => iam.send(new ListUserTagsCommand({ UserName: 'alice' })),
          ...target('alice'),
        };
      case 'DeactivateMFADevice': {
        const { serial } = newDevice();
        return {
          send: (iam) =>
            iam.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serial })),
          ...target('alice'),
        };
      }
      case 'DeleteVirtualMFADevice': {
        const { serial } = newDevice();
        // A device already deactivated: DeleteVirtualMFADevice refuses one still in use.
        emulator.state.device(serial)!.assignedTo = undefined;
        return {
          send: (iam) => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
          resource: serial,
        };
      }
    }
    function target(userName: string) {
      return { resource: iamArn.user(userName) };
    }
  }

  /** What the emulator answered: allowed, or the AWS error code it refused with. */
  async function emulatorAnswer(call: Call, credentials: Credentials) {
    const iam = client(
      new IAMClient({
        endpoint: emulator.url,
        region: 'us-east-1',
        credentials: await keysFor(credentials),
        maxAttempts: 1,
      }),
    );
    const { send, resource } = arrange(call);
    try {
      await send(iam);
      return { refused: false as const, resource };
    } catch (error) {
      return { refused: true as const, code: (error as { name: string }).name, resource };
    }
  }

  it.each(cases)('agree on $call with a $credentials', async ({ call, credentials }) => {
    const answer = await emulatorAnswer(call, credentials);
    const decision = await evaluate({
      action: `iam:${call}`,
      resource: answer.resource,
      context: mfaContext(credentials),
    });

    expect({ call, credentials, refused: answer.refused }).toEqual({
      call,
      credentials,
      refused: decision !== 'Allowed',
    });
    if (answer.refused) {
      // AWS refuses a session without MFA before any policy is read; the policy refuses the rest.
      expect(answer.code).toBe(
        credentials === 'session without MFA' ? 'InvalidClientTokenId' : 'AccessDenied',
      );
    }
  });
});
