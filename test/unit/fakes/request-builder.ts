import { deviceKindOf, type MfaDevice } from '../../../src/domain/devices.js';
import { newRequest, type ResetRequest } from '../../../src/domain/request.js';
import { ALICE, ALICE_HARDWARE, ALICE_VIRTUAL } from './people.js';

export const REQUESTED_AT = '2025-03-03T09:00:00.000Z';

export function aDevice(serial: string): MfaDevice {
  return { serial, kind: deviceKindOf(serial) };
}

/**
 * A PENDING request (version 1, created at REQUESTED_AT, 60 minutes to live) from Alice for her
 * virtual and hardware devices, with `overrides` applied on top.
 */
export function aRequest(overrides: Partial<ResetRequest> = {}): ResetRequest {
  const base = newRequest({
    id: 'req-0001',
    requesterSlackId: ALICE,
    target: { slackUserId: ALICE, iamUserName: 'alice' },
    devices: [aDevice(ALICE_VIRTUAL), aDevice(ALICE_HARDWARE)],
    reason: 'Lost my phone on the train',
    now: new Date(REQUESTED_AT),
    ttlMinutes: 60,
  });
  return { ...base, ...overrides };
}
