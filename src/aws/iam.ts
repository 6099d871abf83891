import {
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  paginateListMFADevices,
  paginateListUsers,
  paginateListUserTags,
  paginateListVirtualMFADevices,
  type Tag,
} from '@aws-sdk/client-iam';
import { deviceKindOf, type MfaDevice } from '../domain/devices.js';
import { ResetError } from '../domain/errors.js';
import type { Iam, IamUser, TemporaryCredentials } from '../services/ports.js';
import { isNoSuchEntity, translateAwsError } from './errors.js';
import { type AwsAdapterOptions, clientConfig } from './options.js';
import { requireField } from './required-field.js';
import { createRiskFactsReader, RISK_FACTS_APP_ID } from './risk-facts.js';
import { createUserTagIndex } from './tag-index.js';

/**
 * The `Iam` port over the AWS SDK. Reads use the bot's own credentials (the SDK's standard chain);
 * the two changes use the MFA-backed temporary credentials when the caller passes them, through a
 * client built for those credentials, shared by the calls of one reset and forgotten by
 * `releaseCredentials` when the reset is done. Every client sends through the bot client's one
 * HTTP handler: connections carry no identity (each request is signed on its own), so a reset
 * reuses a warm connection instead of opening one of its own.
 */
export interface IamAdapter extends Iam {
  /** One cheap read (ListUsers, one user at most), to show the adapter's credentials can read IAM. */
  checkReads(): Promise<void>;
  /** Closes the client's connections (at shutdown). */
  destroy(): void;
}

function tagsToRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

/** Larger accounts are refused by the tag rule: reading them would cost too many IAM calls. */
export const DEFAULT_TAG_SCAN_MAX_USERS = 1_000;

function tooManyUsersForTags(maxUsers: number): ResetError {
  return new ResetError(
    'CONFIG_INVALID',
    `The account has more than ${maxUsers} IAM users: too many to read for the tag mapping rule. Map members with static or email rules instead.`,
    { details: { maxUsers } },
  );
}

export function createIam(options: AwsAdapterOptions): IamAdapter {
  const config = clientConfig(options, 'iam');
  const client = new IAMClient(config);
  const logger = options.logger?.child({ component: 'aws-iam' });

  /** The user's tags, or undefined when the user was deleted since ListUsers named it. */
  async function userTags(userName: string): Promise<Record<string, string> | undefined> {
    const tags: Tag[] = [];
    try {
      for await (const page of paginateListUserTags({ client }, { UserName: userName })) {
        tags.push(...(page.Tags ?? []));
      }
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw translateAwsError(error, { operation: 'iam:ListUserTags', details: { userName } });
    }
    return tagsToRecord(tags);
  }

  /**
   * Every user of the account with their tags: one ListUsers page of up to 1,000 users at a time,
   * then one ListUserTags per user, one call after the other. An account with more than
   * `maxUsers` users is refused before its tags are read (CONFIG_INVALID): the tag rule is not
   * for accounts that large.
   */
  async function readAccount(): Promise<IamUser[]> {
    const maxUsers = options.tagIndex?.maxUsers ?? DEFAULT_TAG_SCAN_MAX_USERS;
    const users: IamUser[] = [];
    let listed = 0;
    try {
      for await (const page of paginateListUsers({ client, pageSize: 1_000 }, {})) {
        for (const user of page.Users ?? []) {
          listed += 1;
          if (listed > maxUsers) throw tooManyUsersForTags(maxUsers);
          const userName = requireField(user.UserName, 'Users.member.UserName', 'iam:ListUsers');
          const arn = requireField(user.Arn, 'Users.member.Arn', 'iam:ListUsers');
          const tags = await userTags(userName);
          if (tags !== undefined) users.push({ userName, arn, path: user.Path ?? '/', tags });
        }
      }
      return users;
    } catch (error) {
      throw translateAwsError(error, { operation: 'iam:ListUsers' });
    } finally {
      logger?.info({ listed, tagged: users.length }, 'read the account’s IAM users and tags');
    }
  }

  const tagIndex = createUserTagIndex(readAccount, options.tagIndex);

  // Its own client for its own User-Agent (`app/…`), over the same connections.
  const riskClient = new IAMClient({
    ...config,
    requestHandler: client.config.requestHandler,
    userAgentAppId: RISK_FACTS_APP_ID,
  });
  const readRiskFacts = createRiskFactsReader({
    client: riskClient,
    budgetMs: options.riskFactsBudgetMs,
    logger,
  });

  const sessionClients = new Map<TemporaryCredentials, IAMClient>();

  /** The bot's own client, or the one for these session credentials (built on first use). */
  function clientFor(credentials: TemporaryCredentials | undefined): IAMClient {
    if (credentials === undefined) return client;
    let sessionClient = sessionClients.get(credentials);
    if (sessionClient === undefined) {
      const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
      sessionClient = new IAMClient({
        ...config,
        requestHandler: client.config.requestHandler,
        credentials: { accessKeyId, secretAccessKey, sessionToken, expiration },
      });
      sessionClients.set(credentials, sessionClient);
    }
    return sessionClient;
  }

  return {
    async getUser(userName: string): Promise<IamUser | undefined> {
      try {
        const { User: user } = await client.send(new GetUserCommand({ UserName: userName }));
        const operation = 'iam:GetUser';
        return {
          userName: requireField(user?.UserName, 'User.UserName', operation),
          arn: requireField(user?.Arn, 'User.Arn', operation),
          path: user?.Path ?? '/',
          tags: tagsToRecord(user?.Tags),
        };
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined;
        throw translateAwsError(error, { operation: 'iam:GetUser', details: { userName } });
      }
    },

    findUsersByTag: (key, value) => tagIndex.usersWithTag(key, value),

    async checkReads(): Promise<void> {
      try {
        await client.send(new ListUsersCommand({ MaxItems: 1 }));
      } catch (error) {
        throw translateAwsError(error, { operation: 'iam:ListUsers' });
      }
    },

    readRiskFacts,

    async listMfaDevices(userName: string): Promise<MfaDevice[]> {
      const devices: MfaDevice[] = [];
      try {
        for await (const page of paginateListMFADevices({ client }, { UserName: userName })) {
          for (const device of page.MFADevices ?? []) {
            const serial = requireField(
              device.SerialNumber,
              'MFADevices.member.SerialNumber',
              'iam:ListMFADevices',
            );
            devices.push({
              serial,
              kind: deviceKindOf(serial),
              ...(device.EnableDate === undefined ? {} : { enabledAt: device.EnableDate.toISOString() }),
            });
          }
        }
      } catch (error) {
        throw translateAwsError(error, { operation: 'iam:ListMFADevices', details: { userName } });
      }
      return devices;
    },

    async listUnassignedVirtualMfaDevices(): Promise<string[]> {
      const serials: string[] = [];
      try {
        const pages = paginateListVirtualMFADevices({ client }, { AssignmentStatus: 'Unassigned' });
        for await (const page of pages) {
          for (const device of page.VirtualMFADevices ?? []) {
            serials.push(
              requireField(
                device.SerialNumber,
                'VirtualMFADevices.member.SerialNumber',
                'iam:ListVirtualMFADevices',
              ),
            );
          }
        }
      } catch (error) {
        throw translateAwsError(error, { operation: 'iam:ListVirtualMFADevices' });
      }
      return serials;
    },

    async deactivateMfaDevice(input): Promise<void> {
      try {
        // UserName always: without it IAM would look for the device on the bot's own user.
        const command = new DeactivateMFADeviceCommand({
          UserName: input.userName,
          SerialNumber: input.serial,
        });
        await clientFor(input.credentials).send(command);
      } catch (error) {
        throw translateAwsError(error, {
          operation: 'iam:DeactivateMFADevice',
          mutation: true,
          withMfaSession: input.credentials !== undefined,
          details: { userName: input.userName, serial: input.serial },
        });
      }
    },

    async deleteVirtualMfaDevice(input): Promise<void> {
      try {
        const command = new DeleteVirtualMFADeviceCommand({ SerialNumber: input.serial });
        await clientFor(input.credentials).send(command);
      } catch (error) {
        throw translateAwsError(error, {
          operation: 'iam:DeleteVirtualMFADevice',
          mutation: true,
          withMfaSession: input.credentials !== undefined,
          details: { serial: input.serial },
        });
      }
    },

    releaseCredentials(credentials: TemporaryCredentials): void {
      // Not destroyed: that would close the shared handler's connections.
      sessionClients.delete(credentials);
    },

    destroy(): void {
      sessionClients.clear();
      client.destroy();
    },
  };
}
