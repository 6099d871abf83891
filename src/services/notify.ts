import { toResetError } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import type { AuditEvents } from './audit-events.js';
import type { Logger, Notifier, Store } from './ports.js';

/**
 * Runs a notification whose failure must not undo what has already happened (the reset is done,
 * the request is recorded) but must not vanish either: it is logged and audited.
 */
export async function notifyOrRecord(
  deps: { store: Store; logger: Logger; events: AuditEvents },
  request: ResetRequest,
  what: string,
  send: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    const coded = toResetError(error);
    deps.logger.error({ requestId: request.id, code: coded.code, what, err: error }, 'notification failed');
    try {
      await deps.store.appendAudit([deps.events.notificationFailed(request, { what, code: coded.code })]);
    } catch (auditError) {
      deps.logger.error(
        { requestId: request.id, err: auditError },
        'could not audit the failed notification',
      );
    }
    return false;
  }
}

/**
 * Shows a request's current state where people look: the approval message, updated in place, and
 * (once decided) a DM to the requester.
 */
export async function announceOutcome(
  deps: {
    store: Store;
    logger: Logger;
    events: AuditEvents;
    notifier: Notifier;
    requestChanged?: (request: ResetRequest) => void;
  },
  request: ResetRequest,
): Promise<void> {
  deps.requestChanged?.(request);
  // Independent messages: sent together, so the approver's answer does not wait for them in turn.
  await Promise.all([
    request.approvalMessage === undefined
      ? undefined
      : notifyOrRecord(deps, request, 'approval message update', () =>
          deps.notifier.updateApprovalRequest(request),
        ),
    request.state === 'PENDING'
      ? undefined
      : notifyOrRecord(deps, request, 'requester DM', () => deps.notifier.notifyRequester(request)),
  ]);
}
