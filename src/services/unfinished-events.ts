import { type RecordedRoleSession, roleSessionDetails } from '../domain/member-trail.js';
import type { ResetRequest } from '../domain/request.js';
import type { EventBuilder } from './review-events.js';

/** The events of a reset a crash left half done: waiting to be finished, and an approver finishing it. */
export function unfinishedEvents({ event, member, bot, aboutRequest }: EventBuilder) {
  return {
    /**
     * The reconciler's record of a reset a crash left with virtual devices deactivated but not
     * deleted: the request is UNFINISHED until an approver finishes it. `devices`: those left.
     */
    requestUnfinished(request: ResetRequest, left: readonly string[]) {
      return event('REQUEST_UNFINISHED', 'failure', {
        ...aboutRequest(request),
        actor: bot,
        devices: [...left],
        errorCode: 'DEVICE_NOT_DELETED',
      });
    },
    /** An approver's code accepted to finish an UNFINISHED request: written before any IAM call. */
    finishStarted(
      request: ResetRequest,
      input: {
        approverSlackId: string;
        mfaSerial: string;
        devices: readonly string[];
        sessionKeyId: string;
        role?: RecordedRoleSession | undefined;
        /** The code's TOKEN_SUBMITTED id: AWS accepted it, so it is given back (domain/code-submissions.ts). */
        submission: string;
      },
    ) {
      return event('FINISH_STARTED', 'info', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        devices: [...input.devices],
        // As in EXECUTION_STARTED: the STS session CloudTrail will name as the caller of each deletion.
        details: {
          sessionKeyId: input.sessionKeyId,
          submission: input.submission,
          ...roleSessionDetails(input.role),
        },
      });
    },
  };
}
