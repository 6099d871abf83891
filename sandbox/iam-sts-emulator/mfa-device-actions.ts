import { awsErrors } from './aws-errors.js';
import type { ActionHandler } from './iam-actions.js';
import { matchingStep } from './totp.js';

/**
 * The IAM actions an operator uses to give an approver a device on the bot's user:
 * CreateVirtualMFADevice (a new device with its seed, assigned to nobody) and EnableMFADevice (two
 * consecutive codes assign it to a user). As in IAM, a user holds at most 8 MFA devices.
 */
export const MAX_DEVICES_PER_USER = 8;

/** How far from now the first of the two codes may be: IAM tolerates a device clock some minutes off. */
const ENABLE_WINDOW_STEPS = 10;

const deviceName = /^[\w+=,.@-]{1,226}$/;
const sixDigits = /^\d{6}$/;

function required(params: Readonly<Record<string, string>>, name: string, member: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw awsErrors.validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A 1×1 transparent PNG: IAM returns a QR code image here; nothing of ours reads it. */
const PLACEHOLDER_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const createVirtualMfaDevice: ActionHandler = ({ params, state }) => {
  const name = required(params, 'VirtualMFADeviceName', 'virtualMFADeviceName');
  if (!deviceName.test(name)) {
    throw awsErrors.validation(
      "1 validation error detected: Value at 'virtualMFADeviceName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    );
  }
  // Devices live at the root path here (`arn:…:mfa/NAME`), the only one the bot's tools use.
  if ((params.Path ?? '/') !== '/')
    throw awsErrors.validation('The emulator keeps MFA devices at path / only.');
  if (state.device(`arn:aws:iam::${state.accountId}:mfa/${name}`) !== undefined)
    throw awsErrors.deviceNameTaken();
  const { serial, seed } = state.createVirtualDevice(name);
  return {
    VirtualMFADevice: {
      SerialNumber: serial,
      // Blobs travel base64-encoded; the blob is the base32 seed's text.
      Base32StringSeed: Buffer.from(seed, 'ascii').toString('base64'),
      QRCodePNG: PLACEHOLDER_PNG,
    },
  };
};

const enableMfaDevice: ActionHandler = ({ params, state }) => {
  const userName = required(params, 'UserName', 'userName');
  const serial = required(params, 'SerialNumber', 'serialNumber');
  const first = required(params, 'AuthenticationCode1', 'authenticationCode1');
  const second = required(params, 'AuthenticationCode2', 'authenticationCode2');
  if (!sixDigits.test(first) || !sixDigits.test(second)) {
    // Never echo the codes back.
    throw awsErrors.validation(
      "1 validation error detected: Value at 'authenticationCode1' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\d]+ and have length 6',
    );
  }
  if (state.user(userName) === undefined) throw awsErrors.noSuchUser(userName);
  const device = state.device(serial);
  if (device?.kind !== 'virtual' || device.seed === undefined) throw awsErrors.noSuchVirtualDevice(serial);
  if (device.assignedTo !== undefined) throw awsErrors.deviceAlreadyEnabled();
  if (state.devicesOf(userName).length >= MAX_DEVICES_PER_USER) throw awsErrors.tooManyDevices();
  const atMs = state.clock.now();
  const step = matchingStep({ code: first, seed: device.seed, atMs, windowSteps: ENABLE_WINDOW_STEPS });
  const next =
    step === undefined
      ? undefined
      : matchingStep({ code: second, seed: device.seed, atMs, windowSteps: ENABLE_WINDOW_STEPS + 1 });
  if (step === undefined || next !== step + 1) throw awsErrors.invalidAuthenticationCode();
  device.assignedTo = userName;
  device.enableDate = new Date(atMs);
  return undefined;
};

export const mfaDeviceActions: Readonly<Record<string, ActionHandler>> = {
  CreateVirtualMFADevice: createVirtualMfaDevice,
  EnableMFADevice: enableMfaDevice,
};
