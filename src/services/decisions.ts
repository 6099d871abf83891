import { assertMayDecide, protectionReason } from '../domain/authorisation.js';
import { ResetError, toResetError } from '../domain/errors.js';
import { assertOpenForDecision, isExpired, type ResetRequest, transition } from '../domain/request.js';
import { approverIamUsers, refuseApproverOfOwnIamUser } from './approver-identity.js';
import { approverRoster } from './approvers.js';
import { reportOutcome } from './notify.js';
import { settingsOf } from './request-rule.js';
import type { StepDeps } from './service-deps.js';

/**
 * The checks every decision passes before it may change anything: the request exists and is open,
 * the member may decide on it (read fresh from Slack), and its IAM user is not protected now.
 * Refusals are audited before they are thrown.
 */
export function createDecisionChecks(deps: StepDeps) {
  const { events } = deps;

  async function load(requestId: string): Promise<ResetRequest> {
    const request = await deps.store.getRequest(requestId);
    if (request === undefined) {
      throw new ResetError('REQUEST_NOT_FOUND', `Request ${requestId} does not exist.`, {
        details: { requestId },
      });
    }
    return request;
  }

  /** Closes an expired request on the spot, so that it is shown as expired and cannot be approved. */
  async function expire(request: ResetRequest): Promise<ResetRequest> {
    const expired = transition(request, 'EXPIRED', deps.clock.now());
    const written = await deps.store.updateRequest(request, expired, [events.requestExpired(request)]);
    await reportOutcome(deps, expired, written);
    return expired;
  }

  /**
   * Throws unless the request is still open to a decision: REQUEST_ALREADY_HANDLED once it has left
   * PENDING; REQUEST_EXPIRED past its time, closing it on the spot.
   */
  async function assertStillOpen(request: ResetRequest): Promise<void> {
    if (isExpired(request, deps.clock.now())) {
      await expire(request);
      throw new ResetError('REQUEST_EXPIRED', `Request ${request.id} expired at ${request.expiresAt}.`, {
        details: { requestId: request.id },
      });
    }
    assertOpenForDecision(request, deps.clock.now());
  }

  /**
   * Loads a request the member wants to decide on and checks they may. Used when Approve or Deny is
   * clicked, and again when the modal is submitted.
   */
  async function openDecision(requestId: string, approverSlackId: string): Promise<ResetRequest> {
    const request = await load(requestId);
    await assertStillOpen(request);
    await assertMayAct(request, approverSlackId);
    return request;
  }

  /**
   * The member may act on the request as an approver: an approver now (read fresh from Slack), with
   * an active account, neither its requester nor its target, nor a holder of its IAM user.
   */
  async function assertMayAct(request: ResetRequest, approverSlackId: string): Promise<void> {
    const { approvers } = settingsOf(request, deps.rules);
    const isApprover = await approverRoster(deps, 'decision', approvers).isApprover(approverSlackId);
    // Only an approver is looked up in Slack: anyone else is refused without a read about them.
    // An approver's two reads go out at once and share one users.info: whether their account is
    // active, and which IAM users the mapping gives them (judged only if the first check passes).
    const mapped = isApprover ? approverIamUsers(deps, request, approverSlackId) : undefined;
    mapped?.catch(() => undefined);
    const deactivated = isApprover && (await deps.directory.isDeactivated(approverSlackId, 'decision'));
    await auditedRefusal(request, approverSlackId, () =>
      assertMayDecide(request, { approverSlackId, isApprover, deactivated }),
    );
    if (mapped !== undefined) await refuseApproverOfOwnIamUser(deps, request, approverSlackId, mapped);
  }

  /**
   * Throws APPROVALS_NOT_OPEN (audited) while the request is in its rule's waiting period: the
   * person it is for has that long to see the DM and cancel. Denials are open at once.
   */
  async function assertApprovalsOpen(request: ResetRequest, approverSlackId: string): Promise<void> {
    if (settingsOf(request, deps.rules).verification === 'confirm' && request.confirmation === undefined) {
      await auditedRefusal(request, approverSlackId, () => {
        throw new ResetError('CONFIRMATION_REQUIRED', `Request ${request.id} has not been confirmed.`, {
          details: { requestId: request.id },
        });
      });
    }
    if (request.opensAt === undefined || deps.clock.now().getTime() >= Date.parse(request.opensAt)) return;
    const details = { requestId: request.id, opensAt: request.opensAt };
    await deps.store.appendAudit([
      events.approvalRefused(request, approverSlackId, 'APPROVALS_NOT_OPEN', { opensAt: request.opensAt }),
    ]);
    throw new ResetError(
      'APPROVALS_NOT_OPEN',
      `Request ${request.id} opens for approval at ${request.opensAt}.`,
      {
        details,
      },
    );
  }

  /** Opens an approval: as a decision, and only once the waiting period is over. */
  async function openApproval(requestId: string, approverSlackId: string): Promise<ResetRequest> {
    const request = await openDecision(requestId, approverSlackId);
    await assertApprovalsOpen(request, approverSlackId);
    return request;
  }

  /** Runs an authorisation check; a refusal is audited before it is thrown. */
  async function auditedRefusal<T>(
    request: ResetRequest,
    approverSlackId: string,
    check: () => T,
  ): Promise<T> {
    try {
      return check();
    } catch (error) {
      await deps.store.appendAudit([
        events.approvalRefused(request, approverSlackId, toResetError(error).code),
      ]);
      throw error;
    }
  }

  /**
   * The protection rules may have changed since the request was made: check the ones that need no
   * AWS call again before anything changes (the final approval maps the member again, tags included).
   */
  async function refuseIfProtectedNow(request: ResetRequest, approverSlackId: string): Promise<void> {
    const protection = protectionReason(
      { userName: request.target.iamUserName, tags: {} },
      deps.rules.protect,
    );
    if (protection === undefined) return;
    await failProtected(request, approverSlackId, protection);
  }

  async function failProtected(request: ResetRequest, actor: string, protection: string): Promise<never> {
    const failed = transition(request, 'FAILED', deps.clock.now(), { failureCode: 'USER_PROTECTED' });
    const written = await deps.store.updateRequest(request, failed, [events.requestFinished(failed, actor)]);
    await reportOutcome(deps, failed, written);
    throw new ResetError(
      'USER_PROTECTED',
      `IAM user ${request.target.iamUserName} is protected: ${protection}.`,
      { details: { requestId: request.id, iamUserName: request.target.iamUserName } },
    );
  }

  return {
    load,
    expire,
    assertStillOpen,
    openDecision,
    openApproval,
    assertApprovalsOpen,
    assertMayAct,
    auditedRefusal,
    refuseIfProtectedNow,
  };
}

export type DecisionChecks = ReturnType<typeof createDecisionChecks>;
