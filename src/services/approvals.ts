import { assertNotAlreadyApprovedBy, normaliseTokenCode } from '../domain/authorisation.js';
import { ResetError, toResetError } from '../domain/errors.js';
import { amend, countedApprovers, isExpired, type ResetRequest, transition } from '../domain/request.js';
import { approverMfaSerial, approverRoster } from './approvers.js';
import { createAuditEvents } from './audit-events.js';
import { type CodeCheck, createCodeCheck } from './code-check.js';
import { createDecisionChecks } from './decisions.js';
import { isTokenRejection } from './device-reset.js';
import { executeFinalApproval } from './final-approval.js';
import { reportOutcome } from './notify.js';
import { recordRejectedCode } from './rejected-code.js';
import type { ServiceDeps, StepDeps } from './service-deps.js';

export type ApprovalResult =
  | { readonly kind: 'approval-recorded'; readonly request: ResetRequest; readonly approvalsNeeded: number }
  | { readonly kind: 'finished'; readonly request: ResetRequest };

/** An approval, once it has been checked and before anything is changed: what it will do and with what. */
interface ProposedApproval {
  readonly request: ResetRequest;
  readonly approverSlackId: string;
  readonly serial: string;
  readonly check: CodeCheck;
  /** Distinct approvers, this one included, who are approvers now (Slack read afresh). */
  readonly counted: number;
}

/** Use cases of the approvers: open a decision, approve with an MFA code, deny. */
export function createApprovalService(serviceDeps: ServiceDeps) {
  const deps: StepDeps = { ...serviceDeps, events: createAuditEvents(serviceDeps) };
  const decisions = createDecisionChecks(deps);

  /**
   * Approves with the code of the approver's bot MFA device: propose (every check that changes
   * nothing), then either record a partial approval or execute the final one.
   */
  async function approve(input: {
    requestId: string;
    approverSlackId: string;
    tokenCode: string;
  }): Promise<ApprovalResult> {
    const proposal = await propose(input);
    const needed = deps.rules.approvers.minApprovals - proposal.counted;
    if (needed > 0) return recordPartialApproval(proposal, needed);
    return { kind: 'finished', request: await executeFinalApproval(deps, proposal) };
  }

  async function propose(input: {
    requestId: string;
    approverSlackId: string;
    tokenCode: string;
  }): Promise<ProposedApproval> {
    const code = normaliseTokenCode(input.tokenCode);
    if (code === undefined) throw new ResetError('TOKEN_CODE_FORMAT', 'The code must be 6 digits.');
    const { approverSlackId } = input;
    const request = await decisions.openDecision(input.requestId, approverSlackId);
    const serial = await decisions.auditedRefusal(request, approverSlackId, () => {
      assertNotAlreadyApprovedBy(request, approverSlackId);
      return approverMfaSerial(deps.rules, approverSlackId);
    });
    await decisions.refuseIfProtectedNow(request, approverSlackId);
    return {
      request,
      approverSlackId,
      serial,
      check: createCodeCheck(deps, { request, approverSlackId, serial, code }),
      counted: await countedWith(request, approverSlackId),
    };
  }

  /**
   * Approvals recorded earlier count only if their approvers are approvers now: someone removed
   * from the approvers since cannot help reach `minApprovals`.
   */
  async function countedWith(request: ResetRequest, approverSlackId: string): Promise<number> {
    if (request.approvals.length === 0) return 1;
    const roster = approverRoster(deps, 'decision');
    const still = new Set<string>();
    for (const approval of request.approvals) {
      if (await roster.isApprover(approval.slackUserId)) still.add(approval.slackUserId);
    }
    return countedApprovers([...request.approvals, { slackUserId: approverSlackId, at: '' }], (id) =>
      id === approverSlackId ? true : still.has(id),
    ).size;
  }

  /** An approval that is not yet enough: its code is always checked by STS, then it is recorded. */
  async function recordPartialApproval(proposal: ProposedApproval, needed: number): Promise<ApprovalResult> {
    const { request, approverSlackId, serial, check } = proposal;
    try {
      await check.reserve();
      await verifiedOrRecorded(proposal);
      const at = deps.clock.now().toISOString();
      const recorded = amend(request, deps.clock.now(), {
        approvals: [...request.approvals, { slackUserId: approverSlackId, at, mfaSerial: serial }],
      });
      await deps.store.updateRequest(request, recorded, [
        deps.events.approvalRecorded(recorded, {
          approverSlackId,
          mfaSerial: serial,
          counted: proposal.counted,
        }),
      ]);
      await reportOutcome(deps, recorded);
      return { kind: 'approval-recorded', request: recorded, approvalsNeeded: needed };
    } finally {
      await check.finish();
    }
  }

  /** STS checks the code; a wrong one is recorded against the request and thrown. */
  async function verifiedOrRecorded(proposal: ProposedApproval): Promise<void> {
    try {
      await proposal.check.verify();
    } catch (error) {
      if (!isTokenRejection(error)) throw error;
      await recordRejectedCode(deps, {
        current: proposal.request,
        approverSlackId: proposal.approverSlackId,
        serial: proposal.serial,
        wrongCodes: Number(error.details.wrongCodes),
      });
    }
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

  return { openDecision: decisions.openDecision, approve, deny, expireDue };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
