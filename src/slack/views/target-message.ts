import type { ResetRequest } from '../../domain/request.js';
import { reasonSection, type SlackMessage } from './blocks.js';
import {
  decidedBy,
  enrolNewDevice,
  failureWords,
  type RequestDm,
  requestDmMessage,
  waitWords,
} from './request-dm.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

function dmFor(request: ResetRequest): RequestDm {
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  const asker = mention(request.requesterSlackId);
  const nothing = 'Nothing was changed.';
  switch (request.state) {
    case 'PENDING':
      return {
        headline: `:bell: ${asker} asked for a reset of the MFA of your IAM user ${user}. The request was sent to the approvers.`,
        next:
          `${waitWords(request)}If you did not ask for this, cancel it now and tell your security team. It expires ${slackDate(request.expiresAt)} if nobody approves it. ` +
          'You get a message here when it is decided.',
        said: [reasonSection(`*Reason given by ${asker}*`, request.reason)],
      };
    case 'EXECUTING':
      return {
        headline: `:large_green_circle: The reset of the MFA of your IAM user ${user} was approved: resetting now.`,
      };
    case 'UNFINISHED':
      return {
        headline: `:warning: The MFA devices of your IAM user ${user} were deactivated, but the reset was interrupted before a virtual device was deleted.`,
        next: 'The approvers were alerted and can finish it. You get a message here when it is done.',
      };
    case 'COMPLETED':
      return {
        headline: `:white_check_mark: The MFA devices of your IAM user ${user} were reset, as ${asker} asked.`,
        next: enrolNewDevice,
      };
    case 'FAILED': {
      const { what, next } = failureWords(request);
      return { headline: `:x: The reset of the MFA of your IAM user ${user} failed. ${what}`, next };
    }
    case 'DENIED': {
      const by = decidedBy(request) ?? 'an approver';
      return {
        headline: `:no_entry: The reset of the MFA of your IAM user ${user} was denied by ${by}. ${nothing}`,
      };
    }
    case 'EXPIRED':
      return {
        headline: `:hourglass: The request to reset the MFA of your IAM user ${user} expired ${slackDate(request.expiresAt)}. ${nothing}`,
      };
    case 'CANCELLED': {
      const by = decidedBy(request);
      return {
        headline: `:heavy_multiplication_x: The request to reset the MFA of your IAM user ${user} was cancelled${by === undefined ? '' : ` by ${by}`}. ${nothing}`,
      };
    }
  }
}

/**
 * The direct message to the member a help-desk request is for: who asked, for which devices and
 * why, and, while it is pending, a button to cancel it (someone may be impersonating them).
 */
export function targetMessage(request: ResetRequest): SlackMessage {
  return requestDmMessage(request, dmFor(request));
}
