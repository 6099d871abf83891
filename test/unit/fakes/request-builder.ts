import { randomUUID } from 'node:crypto';
import { deviceKindOf, type MfaDevice } from '../../../src/domain/devices.js';
import { newRequest, type ResetRequest } from '../../../src/domain/request.js';
import { ALICE, ALICE_HARDWARE, ALICE_VIRTUAL } from './people.js';

/** The one builder of requests for every test: unit (domain, services, Slack views) and integration. */

export const REQUESTED_AT = '2025-03-03T09:00:00.000Z';

export function aDevice(serial: string): MfaDevice {
  return { serial, kind: deviceKindOf(serial) };
}

let counter = 0;

/**
 * A PENDING request (version 1, created at REQUESTED_AT, 60 minutes to live) from Alice for her
 * virtual and hardware devices, with `overrides` applied on top.
 *
 * `unique: true` gives it an id and an IAM user (`alice-N`) no other request of the run has: a
 * real store keeps one open request per IAM user, so tests sharing a table need them apart.
 */
export function aRequest(
  overrides: Partial<ResetRequest> = {},
  options: { unique?: boolean } = {},
): ResetRequest {
  const base = newRequest({
    id: 'req-0001',
    requesterSlackId: ALICE,
    target: { slackUserId: ALICE, iamUserName: 'alice' },
    devices: [aDevice(ALICE_VIRTUAL), aDevice(ALICE_HARDWARE)],
    reason: 'Lost my phone on the train',
    now: new Date(REQUESTED_AT),
    ttlMinutes: 60,
  });
  if (options.unique) {
    counter++;
    const unique = {
      id: `req-${counter}-${randomUUID().slice(0, 8)}`,
      target: { slackUserId: ALICE, iamUserName: `alice-${counter}` },
    };
    return { ...base, ...unique, ...overrides };
  }
  return { ...base, ...overrides };
}
