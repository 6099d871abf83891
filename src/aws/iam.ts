import {
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  GetUserCommand,
  IAMClient,
  paginateListMFADevices,
  paginateListUsers,
  paginateListUserTags,
  type Tag,
} from '@aws-sdk/client-iam';
import { deviceKindOf, type MfaDevice } from '../domain/devices.js';
import type { Iam, IamUser, TemporaryCredentials } from '../services/ports.js';
import { isNoSuchEntity, translateAwsError } from './errors.js';
import { type AwsAdapterOptions, clientConfig } from './options.js';
import { required } from './response.js';

/**
 * The `Iam` port over the AWS SDK. Reads use the bot's own credentials (the SDK's standard chain);
 * the two changes use the MFA-backed temporary credentials when the caller passes them, through a
 * client built for those credentials, shared by the calls of one reset (one connection, one
 * configuration) and destroyed by `releaseCredentials` when the reset is done.
 */
export interface IamAdapter extends Iam {
  /** Closes the client's connections (at shutdown). */
  destroy(): void;
}

function tagsToRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

export function createIam(options: AwsAdapterOptions): IamAdapter {
  const config = clientConfig(options, 'iam');
  const client = new IAMClient(config);
  const logger = options.logger?.child({ component: 'aws-iam' });

  async function userTags(userName: string): Promise<Record<string, string> | undefined> {
    const tags: Tag[] = [];
    try {
      for await (const page of paginateListUserTags({ client }, { UserName: userName })) {
        tags.push(...(page.Tags ?? []));
      }
    } catch (error) {
      // Deleted between ListUsers and ListUserTags: not the user we are looking for.
      if (isNoSuchEntity(error)) return undefined;
      throw error;
    }
    return tagsToRecord(tags);
  }

  const sessionClients = new Map<TemporaryCredentials, IAMClient>();

  /** The bot's own client, or the one for these session credentials (built on first use). */
  function clientFor(credentials: TemporaryCredentials | undefined): IAMClient {
    if (credentials === undefined) return client;
    let sessionClient = sessionClients.get(credentials);
    if (sessionClient === undefined) {
      const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
      sessionClient = new IAMClient({
        ...config,
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
          userName: required(user?.UserName, 'User.UserName', operation),
          arn: required(user?.Arn, 'User.Arn', operation),
          tags: tagsToRecord(user?.Tags),
        };
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined;
        throw translateAwsError(error, { operation: 'iam:GetUser', details: { userName } });
      }
    },

    // O(users): IAM cannot search by tag, so every user's tags are read (ListUsers leaves them
    // out). Fine for the accounts this bot serves; the static and email mappings cost nothing.
    async findUserByTag(key: string, value: string): Promise<IamUser | undefined> {
      let scanned = 0;
      try {
        for await (const page of paginateListUsers({ client }, {})) {
          for (const user of page.Users ?? []) {
            scanned += 1;
            const userName = required(user.UserName, 'Users.member.UserName', 'iam:ListUsers');
            const tags = await userTags(userName);
            if (tags !== undefined && tags[key] === value) {
              return { userName, arn: required(user.Arn, 'Users.member.Arn', 'iam:ListUsers'), tags };
            }
          }
        }
        return undefined;
      } catch (error) {
        throw translateAwsError(error, { operation: 'iam:ListUsers', details: { tagKey: key } });
      } finally {
        logger?.debug({ tagKey: key, scanned }, 'searched IAM users by tag');
      }
    },

    async listMfaDevices(userName: string): Promise<MfaDevice[]> {
      const devices: MfaDevice[] = [];
      try {
        for await (const page of paginateListMFADevices({ client }, { UserName: userName })) {
          for (const device of page.MFADevices ?? []) {
            const serial = required(
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
      sessionClients.get(credentials)?.destroy();
      sessionClients.delete(credentials);
    },

    destroy(): void {
      for (const sessionClient of sessionClients.values()) sessionClient.destroy();
      sessionClients.clear();
      client.destroy();
    },
  };
}
