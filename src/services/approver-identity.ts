import { ResetError, toResetError } from '../domain/errors.js';
import { sameIamUserName } from '../domain/mapping.js';
import type { ResetRequest } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import { iamUserNamesOf } from './identity.js';
import type { ServiceDeps } from './service-deps.js';

/** The IAM users the mapping rules give an approver, and the help-desk requester of the request (if any). */
export interface ApproverIamUsers {
  readonly approver: readonly string[];
  readonly requester: readonly string[];
}

/**
 * Reads what `refuseApproverOfOwnIamUser` judges: the approver mapped through the same rules as a
 * requester and, for a request a help-desk member made for someone else, the help-desk member
 * too. Only reads, so it may start before the checks that come first.
 */
export async function approverIamUsers(
  deps: ServiceDeps,
  request: ResetRequest,
  approverSlackId: string,
): Promise<ApproverIamUsers> {
  const identity = { ...deps, ...deps.rules };
  const onBehalf = request.requesterSlackId !== request.target.slackUserId;
  const [approver, requester] = await Promise.all([
    iamUserNamesOf(identity, approverSlackId),
    onBehalf ? iamUserNamesOf(identity, request.requesterSlackId) : [],
  ]);
  return { approver, requester };
}

/**
 * Nobody approves a reset of their own IAM user, from whatever Slack account the request came:
 * comparing Slack IDs is not enough when a person has a second Slack account that maps to the same
 * IAM user. If any IAM user the rules give the approver is the request's target, the decision is
 * refused (APPROVER_IS_TARGET); an approver who maps to the IAM user of the help-desk member who
 * made the request is that person on another account (SELF_APPROVAL). An approver the rules do not
 * map at all is not refused for that. A refusal, or a failure to find out (Slack or IAM
 * unreachable), is audited as APPROVAL_REFUSED with its code before it is thrown. `mapped`: the
 * reading of `approverIamUsers`, started by the caller.
 */
export async function refuseApproverOfOwnIamUser(
  deps: ServiceDeps,
  request: ResetRequest,
  approverSlackId: string,
  mapped: Promise<ApproverIamUsers>,
): Promise<void> {
  try {
    const { approver: names, requester: requesterNames } = await mapped;
    if (names.some((name) => requesterNames.some((own) => sameIamUserName(name, own)))) {
      throw new ResetError(
        'SELF_APPROVAL',
        `Approver ${approverSlackId} maps to the IAM user of ${request.requesterSlackId}, who made this request.`,
        { details: { requestId: request.id, approver: approverSlackId } },
      );
    }
    if (names.some((name) => sameIamUserName(name, request.target.iamUserName))) {
      throw new ResetError(
        'APPROVER_IS_TARGET',
        `Approver ${approverSlackId} maps to ${request.target.iamUserName}, the IAM user this request resets.`,
        {
          details: {
            requestId: request.id,
            approver: approverSlackId,
            iamUserName: request.target.iamUserName,
          },
        },
      );
    }
  } catch (error) {
    const events = createAuditEvents(deps);
    await deps.store.appendAudit([
      events.approvalRefused(request, approverSlackId, toResetError(error).code),
    ]);
    throw error;
  }
}
