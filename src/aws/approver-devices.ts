import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  paginateListMFADevices,
} from '@aws-sdk/client-iam';
import { ResetError } from '../domain/errors.js';
import { isNoSuchEntity, translateAwsError } from './errors.js';
import { type AwsAdapterOptions, clientConfig } from './options.js';
import { requireField } from './required-field.js';

/**
 * The IAM calls an operator makes, with their own AWS session, to give approvers their devices on
 * the bot's user (`mfa-reset-bot approvers …`); the bot itself is never allowed them. AWS's codes
 * that a person can act on become the bot's: a name in use (EntityAlreadyExists), the 8 devices a
 * user may hold (LimitExceeded), codes that are not two consecutive ones (InvalidAuthenticationCode).
 */
export interface ApproverDevicesAdapter {
  /** A new virtual device; the seed is handed back once and kept nowhere. */
  createVirtualDevice(name: string): Promise<{ serial: string; seed: string }>;
  enableDevice(input: { userName: string; serial: string; codes: readonly [string, string] }): Promise<void>;
  /** The serials of the user's MFA devices. */
  devicesOf(userName: string): Promise<string[]>;
  /** Deactivates the device on the user (if it is there) and deletes it (if it is virtual). */
  removeDevice(input: {
    userName: string;
    serial: string;
  }): Promise<{ deactivated: boolean; deleted: boolean }>;
  destroy(): void;
}

function awsCode(error: unknown): string | undefined {
  const e = error as { Code?: unknown; name?: unknown };
  return typeof e?.Code === 'string' ? e.Code : typeof e?.name === 'string' ? e.name : undefined;
}

export function createApproverDevices(options: AwsAdapterOptions): ApproverDevicesAdapter {
  const client = new IAMClient(clientConfig(options, 'iam'));

  async function createVirtualDevice(name: string): Promise<{ serial: string; seed: string }> {
    const operation = 'iam:CreateVirtualMFADevice';
    try {
      const { VirtualMFADevice: device } = await client.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }),
      );
      const serial = requireField(device?.SerialNumber, 'VirtualMFADevice.SerialNumber', operation);
      const seed = requireField(device?.Base32StringSeed, 'VirtualMFADevice.Base32StringSeed', operation);
      return { serial, seed: Buffer.from(seed).toString('ascii') };
    } catch (error) {
      if (/^EntityAlreadyExists/.test(awsCode(error) ?? '')) {
        throw new ResetError('MFA_DEVICE_NAME_TAKEN', `A virtual MFA device named ${name} already exists.`, {
          details: { name },
          cause: error,
        });
      }
      throw translateAwsError(error, { operation, details: { name } });
    }
  }

  async function enableDevice(input: {
    userName: string;
    serial: string;
    codes: readonly [string, string];
  }): Promise<void> {
    const { userName, serial } = input;
    try {
      await client.send(
        new EnableMFADeviceCommand({
          UserName: userName,
          SerialNumber: serial,
          AuthenticationCode1: input.codes[0],
          AuthenticationCode2: input.codes[1],
        }),
      );
    } catch (error) {
      const code = awsCode(error) ?? '';
      const details = { userName, serial };
      if (/^InvalidAuthenticationCode/.test(code)) {
        throw new ResetError('TOKEN_CODE_REJECTED', 'AWS did not accept the two codes.', {
          details,
          cause: error,
        });
      }
      if (/^LimitExceeded/.test(code)) {
        throw new ResetError(
          'MFA_DEVICE_LIMIT',
          `${userName} already has as many MFA devices as IAM allows.`,
          {
            details,
            cause: error,
          },
        );
      }
      throw translateAwsError(error, { operation: 'iam:EnableMFADevice', details });
    }
  }

  async function devicesOf(userName: string): Promise<string[]> {
    const serials: string[] = [];
    try {
      for await (const page of paginateListMFADevices({ client }, { UserName: userName })) {
        for (const device of page.MFADevices ?? []) {
          serials.push(
            requireField(device.SerialNumber, 'MFADevices.member.SerialNumber', 'iam:ListMFADevices'),
          );
        }
      }
    } catch (error) {
      throw translateAwsError(error, { operation: 'iam:ListMFADevices', details: { userName } });
    }
    return serials;
  }

  /** One removal step; false when IAM says the device (or its assignment) is already gone. */
  async function step(operation: string, send: () => Promise<unknown>, details: Record<string, string>) {
    try {
      await send();
      return true;
    } catch (error) {
      if (isNoSuchEntity(error)) return false;
      throw translateAwsError(error, { operation, mutation: true, details });
    }
  }

  async function removeDevice(input: { userName: string; serial: string }) {
    const { userName, serial } = input;
    const deactivated = await step(
      'iam:DeactivateMFADevice',
      () => client.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial })),
      { userName, serial },
    );
    // Only virtual devices (an ARN with :mfa/) can be deleted; a hardware token is just unassigned.
    const deleted = /:mfa\//.test(serial)
      ? await step(
          'iam:DeleteVirtualMFADevice',
          () => client.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
          { serial },
        )
      : false;
    return { deactivated, deleted };
  }

  return { createVirtualDevice, enableDevice, devicesOf, removeDevice, destroy: () => client.destroy() };
}
