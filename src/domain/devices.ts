import { createHash } from 'node:crypto';
import type { ErrorCode } from './errors.js';

/**
 * MFA devices as IAM reports them. The serial tells the kind: virtual devices have an ARN with
 * `:mfa/`, FIDO security keys an ARN with `:u2f/`, hardware TOTP tokens a plain serial number.
 */
export type DeviceKind = 'virtual' | 'fido' | 'hardware';

export interface MfaDevice {
  readonly serial: string;
  readonly kind: DeviceKind;
  /** ISO-8601 time IAM reports the device was enabled, when it does. */
  readonly enabledAt?: string;
}

export function deviceKindOf(serial: string): DeviceKind {
  if (/^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(serial)) return 'virtual';
  if (/^arn:aws[\w-]*:iam::\d{12}:u2f\//.test(serial)) return 'fido';
  return 'hardware';
}

export function describeDeviceKind(kind: DeviceKind): string {
  switch (kind) {
    case 'virtual':
      return 'virtual (authenticator app)';
    case 'fido':
      return 'FIDO security key';
    case 'hardware':
      return 'hardware TOTP token';
  }
}

/** What happened to one device during a reset. */
export interface DeviceOutcome {
  readonly serial: string;
  readonly kind: DeviceKind;
  readonly deactivated: boolean;
  /** Only virtual devices are deleted, and only when `aws.deleteVirtualDevices` is on. */
  readonly deleted: boolean;
  readonly errorCode?: ErrorCode;
}

export function outcomeSucceeded(outcome: DeviceOutcome): boolean {
  return outcome.deactivated && outcome.errorCode === undefined;
}

/** Slack caps an option value at 150 characters; IAM serials can be 256. */
const MAX_REF_LENGTH = 150;

/**
 * How a device is referred to in a form: its serial whenever it fits, otherwise `sha256:` and the
 * serial's digest. Whoever holds the re-read device list matches a reference with this same function.
 */
export function deviceRef(serial: string): string {
  if (serial.length <= MAX_REF_LENGTH) return serial;
  return `sha256:${createHash('sha256').update(serial).digest('hex')}`;
}
