import { toResetError } from '../domain/errors.js';
import { amend, type MemberDm, type ResetRequest, transition } from '../domain/request.js';
import { askConfirmers } from './confirmations.js';
import { notifyMembers, notifyOrRecord } from './notify.js';
import type { StepDeps } from './service-deps.js';

/**
 * A new request made known: posted to the approvers (without that message nobody could act on
 * it, so it fails), the members told by DM, the confirmers asked.
 */
export async function announceRequest(deps: StepDeps, request: ResetRequest): Promise<ResetRequest> {
  let message: { channel: string; ts: string };
  try {
    message = await deps.notifier.postApprovalRequest(request);
  } catch (error) {
    const coded = toResetError(error);
    const failed = transition(request, 'FAILED', deps.clock.now(), { failureCode: coded.code });
    // Nobody can act on a request nobody was shown: it ends here, freeing its IAM user.
    await deps.store.updateRequest(request, failed, [
      deps.events.notificationFailed(request, { what: 'approval request', code: coded.code }),
      deps.events.requestFinished(failed, 'bot'),
    ]);
    throw coded;
  }
  const announced = amend(request, deps.clock.now(), { approvalMessage: message });
  await deps.store.updateRequest(request, announced, [deps.events.approversNotified(request, message)]);
  deps.requestChanged?.(announced);
  const dms = await notifyMembers(deps, announced);
  await askConfirmers(deps, announced);
  return rememberDms(deps, announced, dms);
}

/** Where the DMs with a Cancel button are, for when the request is no longer pending. */
async function rememberDms(
  deps: StepDeps,
  request: ResetRequest,
  dms: readonly MemberDm[],
): Promise<ResetRequest> {
  if (dms.length === 0) return request;
  // The request stands if this fails: only its DMs keep their button once it is decided.
  const remembered = await notifyOrRecord(deps, request, 'DM record', () =>
    deps.store.rememberMemberDms(request.id, dms),
  );
  return remembered ? { ...request, memberDms: dms } : request;
}
