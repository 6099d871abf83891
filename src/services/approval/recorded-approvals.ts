import { ResetError } from '../../domain/errors.js';
import { approvalsOfEvents } from '../../domain/recorded-approvals.js';
import type { Approval, ResetRequest } from '../../domain/request.js';
import type { StepDeps } from '../service-deps.js';

/**
 * The approvals that count on `request` (as read for this decision): those its chained
 * APPROVAL_RECORDED events record, never what the request item lists. One more recorded than the
 * item lists may be an approval that landed after the item was read: then the decision was taken
 * on an old version, and the approver is told the request moved on (as the conditional write
 * would tell them). Otherwise a difference is for `confirmAsRecorded` to close.
 */
export async function recordedApprovals(deps: StepDeps, request: ResetRequest): Promise<readonly Approval[]> {
  const events = await deps.store.recordedApprovalsOf(request.id, request.approvals.length);
  const recorded = approvalsOfEvents(events);
  if (recorded.length > request.approvals.length) {
    const current = await deps.store.getRequest(request.id);
    if (current?.version !== request.version) {
      throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${request.id} was changed by someone else.`, {
        details: { requestId: request.id },
      });
    }
  }
  return recorded;
}
