import { type DeviceOutcome, type MfaDevice, outcomeSucceeded } from './devices.js';
import type { ErrorCode } from './errors.js';
import type { ResetRequest } from './request.js';

/**
 * A reset a crash left UNFINISHED: virtual devices deactivated but not deleted (DEVICE_NOT_DELETED).
 * Finishing it deletes those, and only those: a device the crash left attached was never
 * deactivated, and is not something a finish does (the requester asks again for it).
 */

/**
 * The devices a finish deletes: the request's recorded devices (checked against its creation
 * record before any IAM call) whose outcome says they were left in the account.
 */
export function devicesLeftOver(request: ResetRequest): MfaDevice[] {
  const left = new Set(
    (request.outcomes ?? []).filter((o) => o.errorCode === 'DEVICE_NOT_DELETED').map((o) => o.serial),
  );
  return request.devices.filter((device) => device.kind === 'virtual' && left.has(device.serial));
}

/** What a finish did to one left-over device: deleted, or the error that kept it. */
export interface DeletionResult {
  readonly serial: string;
  readonly errorCode?: ErrorCode;
}

/**
 * What a step that only deletes did to each device, as outcomes for the device events: a
 * DEVICE_DELETED, or a DEVICE_RESET_FAILED with its error; never a second DEVICE_DEACTIVATED (the
 * devices were deactivated before the crash).
 */
export function deletionOutcomes(
  left: readonly MfaDevice[],
  results: readonly DeletionResult[],
): DeviceOutcome[] {
  return results.map((result) => ({
    serial: result.serial,
    kind: left.find((device) => device.serial === result.serial)?.kind ?? 'virtual',
    deactivated: false,
    deleted: result.errorCode === undefined,
    ...(result.errorCode === undefined ? {} : { errorCode: result.errorCode }),
  }));
}

/** The request's device outcomes once `results` are applied: a deleted device has ended as intended. */
export function outcomesAfterFinish(
  request: ResetRequest,
  results: readonly DeletionResult[],
): DeviceOutcome[] {
  const deleted = new Set(results.filter((r) => r.errorCode === undefined).map((r) => r.serial));
  return (request.outcomes ?? []).map((outcome) =>
    deleted.has(outcome.serial)
      ? { serial: outcome.serial, kind: outcome.kind, deactivated: true, deleted: true }
      : outcome,
  );
}

/**
 * Where a finish leaves the request: COMPLETED when every device ended as intended; UNFINISHED
 * while a device is still left in the account (the finish can be tried again); otherwise FAILED
 * with the first device's error (a device the crash left attached: EXECUTION_INTERRUPTED).
 */
export function stateAfterFinish(
  outcomes: readonly DeviceOutcome[],
):
  | { readonly state: 'COMPLETED' }
  | { readonly state: 'UNFINISHED' | 'FAILED'; readonly failureCode: ErrorCode } {
  if (outcomes.some((o) => o.errorCode === 'DEVICE_NOT_DELETED')) {
    return { state: 'UNFINISHED', failureCode: 'DEVICE_NOT_DELETED' };
  }
  const failure = outcomes.find((o) => !outcomeSucceeded(o))?.errorCode;
  return failure === undefined ? { state: 'COMPLETED' } : { state: 'FAILED', failureCode: failure };
}
