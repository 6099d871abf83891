import { outcomeSucceeded } from '../domain/devices.js';
import { ResetError, toResetError } from '../domain/errors.js';
import {
  assertMayDecide,
  assertNotAlreadyApprovedBy,
  normaliseTokenCode,
  protectionReason,
} from '../domain/policy.js';
import {
  type Approval,
  approveAndStartExecution,
  assertOpenForDecision,
  hasEnoughApprovals,
  isExpired,
  type ResetRequest,
  transition,
} from '../domain/request.js';
import { refuseApproverOfOwnIamUser } from './approver-identity.js';
import { approverMfaSerial, isApprover } from './approvers.js';
import { createAuditEvents } from './audit-events.js';
import type { ServiceDeps } from './deps.js';
import { isTokenRejection, resetDevices, type StepUp } from './execute.js';
import { announceOutcome as announce } from './notify.js';
import type { TemporaryCredentials } from './ports.js';

/** The shortest session STS grants: the credentials only need to live for one approval. */
const SESSION_SECONDS = 900;

export type ApprovalResult =
  | { readonly kind: 'approval-recorded'; readonly request: ResetRequest; readonly approvalsNeeded: number }
  | { readonly kind: 'finished'; readonly request: ResetRequest };

/** Use cases of the approvers: open a decision, approve with an MFA code, deny. */
export function createApprovalService(deps: ServiceDeps) {
  const events = createAuditEvents(deps);
  const notifyDeps = { ...deps, events };

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
    await deps.store.updateRequest(request, expired, [events.requestExpired(request)]);
    await announceOutcome(expired);
    return expired;
  }

  /**
   * Loads a request the member wants to decide on and checks they may. Refusals are audited.
   * Used when Approve or Deny is clicked, and again when the modal is submitted.
   */
  async function openDecision(requestId: string, approverSlackId: string): Promise<ResetRequest> {
    const request = await load(requestId);
    if (isExpired(request, deps.clock.now())) {
      await expire(request);
      throw new ResetError('REQUEST_EXPIRED', `Request ${request.id} expired at ${request.expiresAt}.`, {
        details: { requestId: request.id },
      });
    }
    assertOpenForDecision(request, deps.clock.now());
    const approver = await isApprover(deps, approverSlackId);
    await auditedRefusal(request, approverSlackId, () =>
      assertMayDecide(request, { approverSlackId, isApprover: approver }),
    );
    await refuseApproverOfOwnIamUser(deps, request, approverSlackId);
    return request;
  }

  /** Runs a policy check; a refusal is audited before it is thrown. */
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
   * Counts a rejected code; the last allowed attempt closes the request as FAILED. `beforeExecution`
   * is what an EXECUTING request was while pending (when-required mode found the code wrong before
   * any change): it is put back, so the request is open again for the next attempt.
   */
  async function rejectCode(
    stored: ResetRequest,
    approverSlackId: string,
    mfaSerial: string,
    beforeExecution?: ResetRequest,
  ): Promise<never> {
    const attempt = stored.tokenAttempts + 1;
    const rejected = events.tokenRejected(stored, { approverSlackId, mfaSerial, attempt });
    if (attempt >= deps.policy.maxTokenAttempts) {
      const failed = transition(stored, 'FAILED', deps.clock.now(), {
        tokenAttempts: attempt,
        failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
      });
      await deps.store.updateRequest(stored, failed, [
        rejected,
        events.requestFinished(failed, approverSlackId),
      ]);
      await announceOutcome(failed);
      throw new ResetError('TOKEN_ATTEMPTS_EXHAUSTED', `Request ${stored.id} failed: too many wrong codes.`, {
        details: { requestId: stored.id },
      });
    }
    const base = beforeExecution
      ? { ...beforeExecution, state: stored.state, version: stored.version }
      : stored;
    const counted = transition(base, 'PENDING', deps.clock.now(), { tokenAttempts: attempt });
    await deps.store.updateRequest(stored, counted, [rejected]);
    throw new ResetError('TOKEN_CODE_REJECTED', 'AWS rejected the MFA code.', {
      details: { requestId: stored.id, attemptsLeft: deps.policy.maxTokenAttempts - attempt },
    });
  }

  function announceOutcome(request: ResetRequest): Promise<void> {
    return announce(notifyDeps, request);
  }

  /**
   * The protection rules may have changed since the request was made: check the ones that need no
   * AWS call again right before anything changes (the IAM policy's tag deny covers the tag rule).
   */
  async function refuseIfProtectedNow(request: ResetRequest, approverSlackId: string): Promise<void> {
    const protection = protectionReason(
      { userName: request.target.iamUserName, tags: {} },
      deps.policy.protect,
    );
    if (protection === undefined) return;
    const failed = transition(request, 'FAILED', deps.clock.now(), { failureCode: 'USER_PROTECTED' });
    await deps.store.updateRequest(request, failed, [events.requestFinished(failed, approverSlackId)]);
    await announceOutcome(failed);
    throw new ResetError(
      'USER_PROTECTED',
      `IAM user ${request.target.iamUserName} is protected: ${protection}.`,
      {
        details: { requestId: request.id, iamUserName: request.target.iamUserName },
      },
    );
  }

  /** Calls STS once; a second call would reuse a single-use code, so a failure is remembered. */
  function stepUpOnce(request: ResetRequest, approverSlackId: string, serial: string, code: string): StepUp {
    let pending: Promise<TemporaryCredentials> | undefined;
    return () => {
      pending ??= deps.sts
        .getSessionToken({ serial, code, durationSeconds: SESSION_SECONDS })
        .catch(async (error) => {
          if (!isTokenRejection(error)) {
            const coded = toResetError(error);
            // The STS failure is what the approver must hear about; a failed audit write is logged.
            await deps.store
              .appendAudit([
                events.stepUpFailed(request, { approverSlackId, mfaSerial: serial, code: coded.code }),
              ])
              .catch((auditError: unknown) =>
                deps.logger.error(
                  { requestId: request.id, err: auditError },
                  'could not audit the failed step-up',
                ),
              );
          }
          throw error;
        });
      return pending;
    };
  }

  /**
   * Approves with the code of the approver's bot MFA device. With `stepUp: always` AWS checks the
   * code before anything is written; the request then goes to EXECUTING (written before any IAM
   * call: fail closed), the devices are reset with the MFA-backed session, and the outcome is
   * recorded. The session credentials never leave this function.
   */
  async function approve(input: {
    requestId: string;
    approverSlackId: string;
    tokenCode: string;
  }): Promise<ApprovalResult> {
    const code = normaliseTokenCode(input.tokenCode);
    if (code === undefined) throw new ResetError('TOKEN_CODE_FORMAT', 'The code must be 6 digits.');
    const request = await openDecision(input.requestId, input.approverSlackId);
    const serial = await auditedRefusal(request, input.approverSlackId, () => {
      assertNotAlreadyApprovedBy(request, input.approverSlackId);
      return approverMfaSerial(deps.policy, input.approverSlackId);
    });
    await refuseIfProtectedNow(request, input.approverSlackId);
    const stepUp = stepUpOnce(request, input.approverSlackId, serial, code);
    const isFinalApproval = hasEnoughApprovals(
      { ...request, approvals: [...request.approvals, { slackUserId: input.approverSlackId, at: '' }] },
      deps.policy.approvers.minApprovals,
    );

    // AWS checks the code before anything is written: always in `always` mode, and for every
    // approval but the last in `when-required` mode (where the last one steps up only if needed).
    let credentials: TemporaryCredentials | undefined;
    if (deps.policy.stepUp === 'always' || !isFinalApproval) {
      try {
        credentials = await stepUp();
      } catch (error) {
        if (isTokenRejection(error)) return rejectCode(request, input.approverSlackId, serial);
        throw error;
      }
    }
    const approval: Approval = {
      slackUserId: input.approverSlackId,
      at: deps.clock.now().toISOString(),
      ...(credentials !== undefined ? { mfaSerial: serial } : {}),
    };
    const approvedBy = {
      approverSlackId: input.approverSlackId,
      ...(approval.mfaSerial ? { mfaSerial: serial } : {}),
    };

    if (!isFinalApproval) {
      credentials = undefined;
      const recorded = transition(request, 'PENDING', deps.clock.now(), {
        approvals: [...request.approvals, approval],
      });
      await deps.store.updateRequest(request, recorded, [events.approvalRecorded(recorded, approvedBy)]);
      await announceOutcome(recorded);
      return {
        kind: 'approval-recorded',
        request: recorded,
        approvalsNeeded: deps.policy.approvers.minApprovals - recorded.approvals.length,
      };
    }

    const executing = approveAndStartExecution(request, approval, deps.clock.now());
    await deps.store.updateRequest(request, executing, [
      events.requestApproved(executing, approvedBy),
      events.executionStarted(executing, input.approverSlackId),
    ]);
    deps.logger.info({ requestId: request.id, approver: input.approverSlackId }, 'reset approved, executing');

    let result: Awaited<ReturnType<typeof resetDevices>>;
    try {
      result = await resetDevices(deps, {
        userName: executing.target.iamUserName,
        devices: executing.devices,
        ...(credentials !== undefined ? { credentials } : { stepUp }),
      });
    } catch (error) {
      // Only a rejected code before any change gets here (`stepUp: when-required`).
      if (!isTokenRejection(error)) throw error;
      return rejectCode(executing, input.approverSlackId, serial, request);
    } finally {
      credentials = undefined;
    }

    const failure = result.outcomes.find((o) => !outcomeSucceeded(o))?.errorCode;
    const finished = transition(executing, failure === undefined ? 'COMPLETED' : 'FAILED', deps.clock.now(), {
      outcomes: result.outcomes,
      ...(failure !== undefined ? { failureCode: failure } : {}),
    });
    try {
      await deps.store.updateRequest(executing, finished, [
        ...(deps.policy.stepUp === 'when-required' && result.steppedUp
          ? [events.stepUpUsed(executing, { approverSlackId: input.approverSlackId, mfaSerial: serial })]
          : []),
        ...events.deviceOutcomes(executing, input.approverSlackId, result.outcomes),
        events.requestFinished(finished, input.approverSlackId),
      ]);
    } catch (error) {
      // IAM has changed: people must hear what happened even though the trail could not record it.
      // The request stays EXECUTING, and the reconciler records the outcome from IAM later.
      deps.logger.error(
        { requestId: request.id, outcomes: result.outcomes, err: error },
        'reset done, but its outcome could not be recorded; the reconciler will close it',
      );
      await announceOutcome(finished);
      throw new ResetError('OUTCOME_NOT_RECORDED', `Request ${request.id} was executed but not recorded.`, {
        details: { requestId: request.id, state: finished.state },
        cause: error,
      });
    }
    deps.logger.info({ requestId: request.id, state: finished.state }, 'reset finished');
    await announceOutcome(finished);
    return { kind: 'finished', request: finished };
  }

  /** Denies a pending request with a reason the requester will see. */
  async function deny(input: {
    requestId: string;
    approverSlackId: string;
    reason: string;
  }): Promise<ResetRequest> {
    const reason = input.reason.trim();
    if (reason.length === 0) throw new ResetError('INPUT_INVALID', 'Give a reason for the denial.');
    const request = await openDecision(input.requestId, input.approverSlackId);
    const denied = transition(request, 'DENIED', deps.clock.now(), {
      decision: { by: input.approverSlackId, at: deps.clock.now().toISOString(), reason },
    });
    await deps.store.updateRequest(request, denied, [
      events.requestDenied(request, input.approverSlackId, reason),
    ]);
    await announceOutcome(denied);
    return denied;
  }

  /** Closes every pending request past its expiry time. */
  async function expireDue(): Promise<number> {
    const pending = await deps.store.listRequestsByState('PENDING');
    let expired = 0;
    for (const request of pending.filter((r) => isExpired(r, deps.clock.now()))) {
      try {
        await expire(request);
        expired += 1;
      } catch (error) {
        // Lost a race with an approver: that decision stands.
        if (toResetError(error).code !== 'REQUEST_ALREADY_HANDLED') throw error;
      }
    }
    return expired;
  }

  return { openDecision, approve, deny, expireDue };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
