import { ResetError, toResetError } from '../../domain/errors.js';
import { isExpired, type ResetRequest, transition } from '../../domain/request.js';
import { createAuditEvents } from '../audit-events.js';
import { createDecisionChecks } from '../decisions.js';
import { reportOutcome } from '../notify.js';
import type { ApprovalDeps, ApprovalStepDeps } from './deps.js';
import { executeFinalApproval } from './final-approval.js';
import { createFinish } from './finish.js';
import { recordPartialApproval } from './partial-approval.js';
import { type ApprovalInput, propose } from './propose.js';

export type ApprovalResult =
  | { readonly kind: 'approval-recorded'; readonly request: ResetRequest; readonly approvalsNeeded: number }
  | { readonly kind: 'finished'; readonly request: ResetRequest };

/** Use cases of the approvers: open a decision, approve with an MFA code, deny, finish an unfinished reset. */
export function createApprovalService(approvalDeps: ApprovalDeps) {
  const deps: ApprovalStepDeps = { ...approvalDeps, events: createAuditEvents(approvalDeps) };
  const decisions = createDecisionChecks(deps);
  const { openFinish, finish } = createFinish(deps, decisions);

  /**
   * Approves with the code of the approver's bot MFA device: propose (every check that changes
   * nothing), then either record a partial approval or execute the final one.
   */
  async function approve(input: ApprovalInput): Promise<ApprovalResult> {
    const proposal = await propose(deps, decisions, input);
    const needed = proposal.minApprovals - proposal.counted;
    if (needed > 0) {
      const recorded = await recordPartialApproval(deps, proposal);
      return { kind: 'approval-recorded', request: recorded, approvalsNeeded: needed };
    }
    return { kind: 'finished', request: await executeFinalApproval(deps, proposal) };
  }

  /** Denies a pending request with a reason the requester will see. */
  async function deny(input: {
    requestId: string;
    approverSlackId: string;
    reason: string;
  }): Promise<ResetRequest> {
    const reason = input.reason.trim();
    if (reason.length === 0) throw new ResetError('INPUT_INVALID', 'Give a reason for the denial.');
    const request = await decisions.openDecision(input.requestId, input.approverSlackId);
    const denied = transition(request, 'DENIED', deps.clock.now(), {
      decision: { by: input.approverSlackId, at: deps.clock.now().toISOString(), reason },
    });
    const written = await deps.store.updateRequest(request, denied, [
      deps.events.requestDenied(request, input.approverSlackId, reason),
    ]);
    await reportOutcome(deps, denied, written);
    return denied;
  }

  /**
   * Closes every pending request past its expiry time. `pendingAsRead`: the pending requests as the
   * sweep read them (read here if not given).
   */
  async function expireDue(pendingAsRead?: readonly ResetRequest[]): Promise<number> {
    const pending = pendingAsRead ?? (await deps.store.listRequestsByState('PENDING'));
    let expired = 0;
    for (const request of pending.filter((r) => isExpired(r, deps.clock.now()))) {
      try {
        await decisions.expire(request);
        expired += 1;
      } catch (error) {
        // Lost a race with an approver: that decision stands.
        if (toResetError(error).code !== 'REQUEST_ALREADY_HANDLED') throw error;
      }
    }
    return expired;
  }

  return {
    openDecision: decisions.openDecision,
    openApproval: decisions.openApproval,
    approve,
    deny,
    expireDue,
    openFinish,
    finish,
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
