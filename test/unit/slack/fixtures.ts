import type { DeviceOutcome, MfaDevice } from '../../../src/domain/devices.js';
import { deviceKindOf } from '../../../src/domain/devices.js';
import type { ResetRequest } from '../../../src/domain/request.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import { ALICE, ERIN, ERIN_SERIAL, FRANK } from '../fakes/people.js';
import { aRequest } from '../fakes/request-builder.js';

/** Typed builders for the Slack tests: the one place that knows what a plausible request looks like. */

export const requester = ALICE;
export const approver = ERIN;
export const secondApprover = FRANK;

export function aDevice(serial = 'arn:aws:iam::123456789012:mfa/alice'): MfaDevice {
  return { serial, kind: deviceKindOf(serial), enabledAt: '2024-03-01T09:00:00Z' };
}

/** `count` virtual devices; `nameLength` makes serials as long as IAM allows, to stress limits. */
export function someDevices(count: number, nameLength = 5): MfaDevice[] {
  return Array.from({ length: count }, (_, i) =>
    aDevice(`arn:aws:iam::123456789012:mfa/${String(i).padStart(nameLength, 'x')}`),
  );
}

export function anOutcome(device: MfaDevice, overrides: Partial<DeviceOutcome> = {}): DeviceOutcome {
  return {
    serial: device.serial,
    kind: device.kind,
    deactivated: true,
    deleted: device.kind === 'virtual',
    ...overrides,
  };
}

/** A request as it ends up after a successful reset of all its devices. */
export function aCompletedRequest(overrides: Partial<ResetRequest> = {}): ResetRequest {
  const base = aRequest(overrides);
  return aRequest({
    state: 'COMPLETED',
    version: 4,
    updatedAt: '2024-05-01T10:07:00.000Z',
    approvals: [
      {
        slackUserId: approver,
        at: '2024-05-01T10:05:00.000Z',
        mfaSerial: ERIN_SERIAL,
      },
    ],
    decision: { by: approver, at: '2024-05-01T10:05:00.000Z' },
    outcomes: base.devices.map((d) => anOutcome(d)),
    ...overrides,
  });
}

/** Slack's `view.state.values` as it arrives for the request modal. */
export function requestState(input: { serials: string[]; reason: string | null }): unknown {
  return {
    [BlockId.devices]: {
      [ActionId.devices]: {
        type: 'checkboxes',
        selected_options: input.serials.map((value) => ({
          text: { type: 'plain_text', text: value },
          value,
        })),
      },
    },
    [BlockId.reason]: { [ActionId.reason]: { type: 'plain_text_input', value: input.reason } },
  };
}

export function approveState(code: string | null): unknown {
  return { [BlockId.tokenCode]: { [ActionId.tokenCode]: { type: 'plain_text_input', value: code } } };
}

export function denyState(reason: string | null): unknown {
  return { [BlockId.denyReason]: { [ActionId.denyReason]: { type: 'plain_text_input', value: reason } } };
}
