import type { DeviceOutcome } from '../domain/devices.js';
import { toResetError } from '../domain/errors.js';
import { transition } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import { reportOutcome } from './notify.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Repairs requests left EXECUTING by a crash: the devices are read back from IAM, and a device no
 * longer attached to the user counts as reset. A reset takes seconds, so a request still EXECUTING
 * after `staleAfterMs` is not being worked on by anyone.
 */
export function createReconciler(deps: ServiceDeps) {
  const events = createAuditEvents(deps);

  async function reconcileInterrupted(options: { staleAfterMs: number }): Promise<number> {
    const now = deps.clock.now();
    const stuck = (await deps.store.listRequestsByState('EXECUTING')).filter(
      (request) => now.getTime() - Date.parse(request.updatedAt) >= options.staleAfterMs,
    );
    let repaired = 0;
    for (const request of stuck) {
      try {
        const attached = new Set(
          (await deps.iam.listMfaDevices(request.target.iamUserName)).map((d) => d.serial),
        );
        const outcomes: DeviceOutcome[] = request.devices.map((device) =>
          attached.has(device.serial)
            ? {
                serial: device.serial,
                kind: device.kind,
                deactivated: false,
                deleted: false,
                errorCode: 'EXECUTION_INTERRUPTED',
              }
            : { serial: device.serial, kind: device.kind, deactivated: true, deleted: false },
        );
        const incomplete = outcomes.some((o) => o.errorCode !== undefined);
        const finished = transition(request, incomplete ? 'FAILED' : 'COMPLETED', deps.clock.now(), {
          outcomes,
          ...(incomplete ? { failureCode: 'EXECUTION_INTERRUPTED' as const } : {}),
        });
        // Which devices IAM shows reset, as events of their own, before the request's end.
        const written = await deps.store.updateRequest(request, finished, [
          ...events.deviceOutcomes(request, undefined, outcomes),
          events.requestReconciled(finished),
        ]);
        deps.logger.warn({ requestId: request.id, state: finished.state }, 'interrupted reset reconciled');
        await reportOutcome({ ...deps, events }, finished, written);
        repaired += 1;
      } catch (error) {
        const coded = toResetError(error);
        if (coded.code === 'REQUEST_ALREADY_HANDLED') continue;
        deps.logger.error({ requestId: request.id, code: coded.code, err: error }, 'reconciliation failed');
      }
    }
    return repaired;
  }

  return { reconcileInterrupted };
}

export type Reconciler = ReturnType<typeof createReconciler>;
