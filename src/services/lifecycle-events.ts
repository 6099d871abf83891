import type { ErrorCode } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import type { EventBuilder } from './review-events.js';

/**
 * The events of a request's life around the decision: a confirmation or its refusal, a denial,
 * cancelling, reminders, DMs not sent; and what the guards refused of a member's commands and forms.
 */
export function lifecycleEvents({ event, member, bot, aboutRequest }: EventBuilder) {
  return {
    /** A member sent more commands in a minute than the bot accepts: once per window, not per command. */
    commandsLimited(slackUserId: string, input: { perMinute: number }) {
      return event('COMMANDS_LIMITED', 'refused', {
        actor: member(slackUserId),
        errorCode: 'COMMAND_RATE_LIMITED',
        details: { perMinute: input.perMinute },
      });
    },
    /** A form submitted again byte for byte: refused, once handled. */
    submissionReplayed(input: { slackUserId: string; form: string }) {
      return event('SUBMISSION_REPLAYED', 'refused', {
        actor: member(input.slackUserId),
        errorCode: 'SUBMISSION_REPLAYED',
        details: { form: input.form },
      });
    },
    /** `verification: confirm`: the confirmer says the person asked; recorded so approvals count it from the chain. */
    requestConfirmed(request: ResetRequest, confirmerSlackId: string) {
      return event('REQUEST_CONFIRMED', 'success', {
        ...aboutRequest(request),
        actor: member(confirmerSlackId),
      });
    },
    confirmationRefused(request: ResetRequest, slackUserId: string, code: ErrorCode) {
      return event('CONFIRMATION_REFUSED', 'refused', {
        ...aboutRequest(request),
        actor: member(slackUserId),
        errorCode: code,
      });
    },
    requestDenied(request: ResetRequest, approverSlackId: string, reason: string) {
      return event('REQUEST_DENIED', 'success', {
        ...aboutRequest(request),
        actor: member(approverSlackId),
        reason,
      });
    },
    notificationFailed(request: ResetRequest, input: { what: string; code: ErrorCode }) {
      return event('NOTIFICATION_FAILED', 'failure', {
        ...aboutRequest(request),
        actor: bot,
        errorCode: input.code,
        details: { what: input.what },
      });
    },
    /**
     * The requester or the target member cancelled the pending request; `duringWait`: before
     * approvals opened, in the rule's waiting period, which is what the wait is for.
     */
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
