import type { ErrorCode } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import type { EventBuilder } from './review-events.js';

/** The events of a request's life around the decision: cancelling, reminders, DMs not sent. */
export function lifecycleEvents({ event, member, bot, aboutRequest }: EventBuilder) {
  return {
    /** The requester or the target member cancelled the pending request. */
    /** `duringWait`: cancelled before approvals opened, in the rule's waiting period: what the wait is for. */
    requestCancelled(request: ResetRequest, by: string, options: { duringWait?: boolean } = {}) {
      return event('REQUEST_CANCELLED', 'success', {
        ...aboutRequest(request),
        actor: member(by),
        ...(options.duringWait === true ? { details: { duringWait: true } } : {}),
      });
    },
    /**
     * A cancel that was refused: not the member's request (NOT_YOUR_REQUEST), nothing to cancel
     * (NO_OPEN_REQUEST, no request named), or too late (REQUEST_ALREADY_HANDLED).
     */
    cancelRefused(input: { slackUserId: string; code: ErrorCode; request?: ResetRequest }) {
      return event('CANCEL_REFUSED', 'refused', {
        ...(input.request === undefined ? {} : aboutRequest(input.request)),
        actor: member(input.slackUserId),
        errorCode: input.code,
      });
    },
    /**
     * Reminder `number` was posted in the approval message's thread (`details.ts`). Written after
     * the post; the reminder item claimed before it makes it one per reminder across replicas.
     */
    approversReminded(request: ResetRequest, input: { number: number; ts: string }) {
      return event('APPROVERS_REMINDED', 'info', {
        ...aboutRequest(request),
        actor: bot,
        details: { reminder: input.number, ts: input.ts },
      });
    },
    /** A direct message was not sent because Slack reports the member's account as deactivated. */
    notificationSkipped(input: { what: string; slackUserId: string; request?: ResetRequest }) {
      return event('NOTIFICATION_SKIPPED', 'info', {
        ...(input.request === undefined ? {} : aboutRequest(input.request)),
        actor: bot,
        errorCode: 'MEMBER_DEACTIVATED',
        details: { what: input.what, member: input.slackUserId },
      });
    },
  };
}
