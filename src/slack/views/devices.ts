import type { DeviceOutcome, MfaDevice } from '../../domain/devices.js';
import { describeDeviceKind } from '../../domain/devices.js';
import { describeError } from '../../domain/errors.js';
import { escapeMrkdwn } from './text.js';

/**
 * IAM allows 8 MFA devices per user and a checkbox group holds 10 options; views show at most this
 * many devices and say how many more there are, so an unexpected list can never break a view.
 */
export const maxDevicesShown = 10;

/** "virtual (authenticator app) — arn:aws:iam::123456789012:mfa/alice", as plain text. */
export function deviceLabel(device: Pick<MfaDevice, 'kind' | 'serial'>): string {
  return `${describeDeviceKind(device.kind)} — ${device.serial}`;
}

/** The same label in mrkdwn: serial in code style so that names with `_` or `*` stay as typed. */
export function deviceLabelMrkdwn(device: Pick<MfaDevice, 'kind' | 'serial'>): string {
  return `${describeDeviceKind(device.kind)} — \`${escapeMrkdwn(device.serial, 600)}\``;
}

/** What happened to one device, with the error code people can quote when they ask for help. */
export function outcomeMrkdwn(outcome: DeviceOutcome | undefined): string {
  if (outcome === undefined) return ':heavy_minus_sign: not changed';
  if (outcome.errorCode !== undefined) {
    const done = outcome.deactivated ? 'deactivated, then failed' : 'failed';
    return `:x: ${done} (\`${outcome.errorCode}\`): ${describeError(outcome.errorCode).what}`;
  }
  if (outcome.deactivated && outcome.deleted) return ':white_check_mark: deactivated and deleted';
  if (outcome.deactivated) return ':white_check_mark: deactivated';
  return ':heavy_minus_sign: not changed';
}

/**
 * One line per device: "• label", followed by its outcome once the request has outcomes (a device
 * without one was not changed). At most `maxDevicesShown` lines, then "…and N more".
 */
export function deviceLines(input: {
  readonly devices: readonly MfaDevice[];
  readonly outcomes?: readonly DeviceOutcome[];
}): string[] {
  const lines = input.devices.slice(0, maxDevicesShown).map((device) => {
    const label = `• ${deviceLabelMrkdwn(device)}`;
    if (input.outcomes === undefined) return label;
    const outcome = input.outcomes.find((o) => o.serial === device.serial);
    return `${label}\n      ${outcomeMrkdwn(outcome)}`;
  });
  const hidden = input.devices.length - maxDevicesShown;
  if (hidden > 0) lines.push(`…and ${hidden} more`);
  return lines;
}

/** Whether any device was deactivated, i.e. the person has to enrol a new one to sign in with MFA. */
export function anyDeviceDeactivated(outcomes: readonly DeviceOutcome[] | undefined): boolean {
  return (outcomes ?? []).some((o) => o.deactivated);
}
