import { amend, type ResetRequest } from '../../domain/request.js';
import { reportOutcome } from '../notify.js';
import type { ApprovalStepDeps } from './deps.js';
import type { ProposedApproval } from './propose.js';
import { verifiedOrRecorded } from './rejected-code.js';

/**
 * An approval that is not yet enough: its code is always checked by STS, then it is recorded
 * (APPROVAL_RECORDED) and the approval message shows how many are still needed.
 */
export async function recordPartialApproval(
  deps: ApprovalStepDeps,
  proposal: ProposedApproval,
): Promise<ResetRequest> {
  const { request, approverSlackId, serial, check } = proposal;
  try {
    await check.reserve();
    await verifiedOrRecorded(deps, proposal);
    const at = deps.clock.now().toISOString();
    const recorded = amend(request, deps.clock.now(), {
      approvals: [...request.approvals, { slackUserId: approverSlackId, at, mfaSerial: serial }],
    });
    await deps.store.updateRequest(request, recorded, [
      deps.events.approvalRecorded(recorded, {
        approverSlackId,
        mfaSerial: serial,
        submission: check.submission,
        counted: proposal.counted,
        attestation: proposal.attestation,
      }),
    ]);
    await reportOutcome(deps, recorded);
    return recorded;
  } finally {
    await check.finish();
  }
}
