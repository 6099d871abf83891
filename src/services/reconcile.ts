import type { DeviceOutcome } from '../domain/devices.js';
import { type ErrorCode, toResetError } from '../domain/errors.js';
import { type ResetRequest, transition } from '../domain/request.js';
import {
  deletionOutcomes,
  devicesLeftOver,
  outcomesAfterFinish,
  stateAfterFinish,
} from '../domain/unfinished.js';
import { createAuditEvents } from './audit-events.js';
import { anchorOf, notifyInterruptedApprover, raiseAlarm, reportOutcome } from './notify.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Repairs requests left EXECUTING by a crash: the devices are read back from IAM. A device no
 * longer attached to the user counts as deactivated; a virtual one (with `deleteVirtualDevices`)
 * counts as reset only if it is gone from the account too. A crash between DeactivateMFADevice and
 * DeleteVirtualMFADevice leaves it there, unassigned, and enrolling a new device under its name
 * then fails: that device is recorded as DEVICE_NOT_DELETED, the request becomes UNFINISHED (an
 * approver can finish it, see approval/finish.ts) and an alarm is raised, once (by the replica
 * whose write moved the request). The approver whose approval was interrupted is told what became
 * of it. A reset takes seconds, so a request still EXECUTING after `staleAfterMs` is not being
 * worked on by anyone.
 */
export function createReconciler(deps: ServiceDeps) {
  const events = createAuditEvents(deps);
  const notifyDeps = { ...deps, events };

  async function reconcileInterrupted(options: { staleAfterMs: number }): Promise<number> {
    const now = deps.clock.now();
    const stale = (request: ResetRequest) =>
      now.getTime() - Date.parse(request.updatedAt) >= options.staleAfterMs;
    const [executing, unfinished] = await Promise.all([
      deps.store.listRequestsByState('EXECUTING'),
      deps.store.listRequestsByState('UNFINISHED'),
    ]);
    // The account's unassigned virtual devices, read at most once per pass and only when needed.
    let unassigned: Promise<ReadonlySet<string>> | undefined;
    const unassignedVirtualDevices = () => {
      unassigned ??= deps.iam.listUnassignedVirtualMfaDevices().then((serials) => new Set(serials));
      return unassigned;
    };
    const repairs = [
      ...executing.filter(stale).map((request) => ({
        request,
        repair: () => reconcile(request, unassignedVirtualDevices),
      })),
      ...unfinished.filter(stale).map((request) => ({
        request,
        repair: () => closeIfLeftOverGone(request, unassignedVirtualDevices),
      })),
    ];
    let repaired = 0;
    for (const { request, repair } of repairs) {
      try {
        if (await repair()) repaired += 1;
      } catch (error) {
        const coded = toResetError(error);
        if (coded.code === 'REQUEST_ALREADY_HANDLED') continue;
        deps.logger.error({ requestId: request.id, code: coded.code, err: error }, 'reconciliation failed');
      }
    }
    return repaired;
  }

  async function reconcile(
    request: ResetRequest,
    unassignedVirtualDevices: () => Promise<ReadonlySet<string>>,
  ): Promise<true> {
    const outcomes = await outcomesFromIam(request, unassignedVirtualDevices);
    const left = outcomes.filter((o) => o.errorCode === 'DEVICE_NOT_DELETED').map((o) => o.serial);
    const failureCode = left.length > 0 ? 'DEVICE_NOT_DELETED' : failureOf(outcomes);
    const state = left.length > 0 ? 'UNFINISHED' : failureCode === undefined ? 'COMPLETED' : 'FAILED';
    const reconciled = transition(request, state, deps.clock.now(), {
      outcomes,
      ...(failureCode === undefined ? {} : { failureCode }),
    });
    // Which devices IAM shows reset, as events of their own, before the request's end (or, with
    // devices left in the account, its wait to be finished).
    const written = await deps.store.updateRequest(request, reconciled, [
      ...events.deviceOutcomes(request, undefined, outcomes),
      left.length > 0 ? events.requestUnfinished(reconciled, left) : events.requestReconciled(reconciled),
    ]);
    deps.logger.warn({ requestId: request.id, state: reconciled.state }, 'interrupted reset reconciled');
    await reportOutcome(notifyDeps, reconciled, written);
    await notifyInterruptedApprover(notifyDeps, reconciled);
    if (left.length === 0) return true;
    deps.logger.error({ requestId: request.id, serials: left }, 'virtual MFA devices left in the account');
    const anchor = anchorOf(written);
    await raiseAlarm(notifyDeps, reconciled, {
      kind: 'devices-not-deleted',
      request: reconciled,
      serials: left,
      ...(anchor === undefined ? {} : { anchor }),
    });
    return true;
  }

  /**
   * An UNFINISHED request whose left-over devices are gone from the account meanwhile (deleted by
   * hand, as docs/operations.md says when the finish cannot be used, or by a finish whose outcome
   * was not written): recorded from IAM as an interrupted reset is, so that it ends and its IAM
   * user's lock is not held for ever. Left alone while any is still there.
   */
  async function closeIfLeftOverGone(
    request: ResetRequest,
    unassignedVirtualDevices: () => Promise<ReadonlySet<string>>,
  ): Promise<boolean> {
    const left = devicesLeftOver(request);
    const unassigned = await unassignedVirtualDevices();
    if (left.some((device) => unassigned.has(device.serial))) return false;
    const gone = left.map((device) => ({ serial: device.serial }));
    const outcomes = outcomesAfterFinish(request, gone);
    const after = stateAfterFinish(outcomes);
    if (after.state === 'UNFINISHED') return false;
    const { failureCode: _left, ...withoutFailure } = request;
    const closed = transition(withoutFailure, after.state, deps.clock.now(), {
      outcomes,
      ...(after.state === 'FAILED' ? { failureCode: after.failureCode } : {}),
    });
    const written = await deps.store.updateRequest(request, closed, [
      ...events.deviceOutcomes(request, undefined, deletionOutcomes(left, gone)),
      events.requestReconciled(closed),
    ]);
    deps.logger.warn(
      { requestId: request.id, state: closed.state },
      'unfinished reset found finished in IAM',
    );
    await reportOutcome(notifyDeps, closed, written);
    return true;
  }

  async function outcomesFromIam(
    request: ResetRequest,
    unassignedVirtualDevices: () => Promise<ReadonlySet<string>>,
  ): Promise<DeviceOutcome[]> {
    const attached = new Set(
      (await deps.iam.listMfaDevices(request.target.iamUserName)).map((d) => d.serial),
    );
    const outcomes: DeviceOutcome[] = [];
    for (const { serial, kind } of request.devices) {
      if (attached.has(serial)) {
        outcomes.push({
          serial,
          kind,
          deactivated: false,
          deleted: false,
          errorCode: 'EXECUTION_INTERRUPTED',
        });
      } else if (kind !== 'virtual' || !deps.rules.deleteVirtualDevices) {
        outcomes.push({ serial, kind, deactivated: true, deleted: false });
      } else if ((await unassignedVirtualDevices()).has(serial)) {
        outcomes.push({ serial, kind, deactivated: true, deleted: false, errorCode: 'DEVICE_NOT_DELETED' });
      } else {
        outcomes.push({ serial, kind, deactivated: true, deleted: true });
      }
    }
    return outcomes;
  }

  return { reconcileInterrupted };
}

/** Why the request failed, if it did (with no device left in the account): the first device's error. */
function failureOf(outcomes: readonly DeviceOutcome[]): ErrorCode | undefined {
  const codes = outcomes.flatMap((o) => (o.errorCode === undefined ? [] : [o.errorCode]));
  return codes.includes('EXECUTION_INTERRUPTED') ? 'EXECUTION_INTERRUPTED' : codes[0];
}

export type Reconciler = ReturnType<typeof createReconciler>;
