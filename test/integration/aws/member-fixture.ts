import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import {
  type BotUser,
  type EmulatedAccount,
  type IamStsEmulator,
  startIamStsEmulator,
} from '../../../sandbox/iam-sts-emulator/index.js';
import { addMemberRoles, RESET_ROLE } from './member-roles.js';

/**
 * One emulator with the home account (the bot's step-up user with one device) and a member account
 * holding the reset and reader roles of the contract, reached by raw SDK clients (no retries,
 * explicit endpoint) so that what a test sees is the emulator's answer.
 */
export const HOME_ACCOUNT = '123456789012';
export const MEMBER_ACCOUNT = '210987654321';
export const EXTERNAL_ID = 'mfa-reset-bot-210987654321';
export const RESET_ROLE_ARN = `arn:aws:iam::${MEMBER_ACCOUNT}:role/${RESET_ROLE}`;

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface MemberWorld {
  readonly emulator: IamStsEmulator;
  readonly bot: BotUser;
  readonly member: EmulatedAccount;
  iam(keys: Keys): IAMClient;
  sts(keys: Keys): STSClient;
  cloudTrail(keys: Keys): CloudTrailClient;
  /** The step-up user's MFA session (GetSessionToken with its device's code `offsetSteps` from now). */
  mfaSession(offsetSteps?: number): Promise<Keys>;
  /** A reset session: the reset role assumed with the given keys, as the bot names it. */
  assumeReset(keys: Keys, input?: { externalId?: string; sessionName?: string }): Promise<Keys>;
  close(): Promise<void>;
}

function keysOf(credentials: {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
}): Keys {
  return {
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  };
}

export async function startMemberWorld(): Promise<MemberWorld> {
  const emulator = await startIamStsEmulator();
  const bot = emulator.state.addBotUser();
  const member = emulator.addAccount(MEMBER_ACCOUNT);
  addMemberRoles(member, { homeAccountId: HOME_ACCOUNT, externalId: EXTERNAL_ID });
  const clients: Array<{ destroy(): void }> = [];
  const options = (credentials: Keys) => ({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  function track<T extends { destroy(): void }>(client: T): T {
    clients.push(client);
    return client;
  }
  const sts = (keys: Keys) => track(new STSClient(options(keys)));
  const device = bot.devices[0]!;
  return {
    emulator,
    bot,
    member,
    iam: (keys) => track(new IAMClient(options(keys))),
    sts,
    cloudTrail: (keys) => track(new CloudTrailClient(options(keys))),
    mfaSession: async (offsetSteps = 0) => {
      const { Credentials } = await sts(bot).send(
        new GetSessionTokenCommand({
          SerialNumber: device.serial,
          TokenCode: emulator.codeFor(device.seed, offsetSteps),
          DurationSeconds: 900,
        }),
      );
      return keysOf(Credentials!);
    },
    assumeReset: async (keys, input = {}) => {
      const { Credentials } = await sts(keys).send(
        new AssumeRoleCommand({
          RoleArn: RESET_ROLE_ARN,
          RoleSessionName: input.sessionName ?? 'mfa-reset-0b7c3f1e-8a2d-4c55-9e61-3f2a1b0c9d8e',
          DurationSeconds: 900,
          ExternalId: input.externalId ?? EXTERNAL_ID,
        }),
      );
      return keysOf(Credentials!);
    },
    close: async () => {
      for (const client of clients.splice(0)) client.destroy();
      await emulator.close();
    },
  };
}
