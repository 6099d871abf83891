import { describe, expect, it } from 'vitest';
import {
  type DeviceKind,
  describeDeviceKind,
  deviceKindOf,
  outcomeSucceeded,
} from '../../../src/domain/devices.js';

describe('deviceKindOf', () => {
  it.each([
    ['arn:aws:iam::123456789012:mfa/alice', 'virtual'],
    ['arn:aws:iam::123456789012:mfa/engineering/alice-phone', 'virtual'],
    ['arn:aws-us-gov:iam::123456789012:mfa/alice', 'virtual'],
    ['arn:aws-cn:iam::123456789012:mfa/alice', 'virtual'],
    ['arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJKLMNOP', 'fido'],
    ['arn:aws-us-gov:iam::123456789012:u2f/user/alice/key', 'fido'],
    ['arn:aws-cn:iam::123456789012:u2f/user/alice/key', 'fido'],
    ['GAHT12345678', 'hardware'],
    ['SMS-0001-2345', 'hardware'],
  ] satisfies [string, DeviceKind][])('classifies %s as %s', (serial, kind) => {
    expect(deviceKindOf(serial)).toBe(kind);
  });

  it('does not take an ARN with a malformed account id for a virtual device', () => {
    expect(deviceKindOf('arn:aws:iam::12345:mfa/alice')).toBe('hardware');
  });

  it('does not take an ARN of another service for a virtual device', () => {
    expect(deviceKindOf('arn:aws:sts::123456789012:mfa/alice')).toBe('hardware');
  });
});

describe('describeDeviceKind', () => {
  it.each([
    ['virtual', 'virtual (authenticator app)'],
    ['fido', 'FIDO security key'],
    ['hardware', 'hardware TOTP token'],
  ] satisfies [DeviceKind, string][])('describes %s devices as "%s"', (kind, words) => {
    expect(describeDeviceKind(kind)).toBe(words);
  });
});

describe('outcomeSucceeded', () => {
  const serial = 'GAHT12345678';

  it('counts a deactivated device without an error as a success', () => {
    expect(outcomeSucceeded({ serial, kind: 'hardware', deactivated: true, deleted: false })).toBe(true);
  });

  it('counts a deactivated device whose deletion failed as a failure', () => {
    expect(
      outcomeSucceeded({
        serial,
        kind: 'virtual',
        deactivated: true,
        deleted: false,
        errorCode: 'AWS_THROTTLED',
      }),
    ).toBe(false);
  });

  it('counts a device that was not deactivated as a failure', () => {
    expect(outcomeSucceeded({ serial, kind: 'hardware', deactivated: false, deleted: false })).toBe(false);
  });
});
