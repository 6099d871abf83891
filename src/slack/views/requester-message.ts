import type { ResetRequest } from '../../domain/request.js';
import { slashCommand } from '../ids.js';
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
  const forOther = request.target.slackUserId !== request.requesterSlackId;
  const iamUser = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  // A help-desk request names the member it is for as well as their IAM user.
  const user = forOther ? `${iamUser} of ${mention(request.target.slackUserId)}` : iamUser;
  const again = `Run \`${slashCommand}\` to make a new request if you still need a reset.`;
  switch (request.state) {
    case 'PENDING':
      return {
        headline: `:hourglass_flowing_sand: Your MFA reset request for IAM user ${user} was sent to the approvers.`,
        said: [reasonSection('*Your reason*', request.reason)],
        next: `${waitWords(request)}You get a message here when it is decided. It expires ${slackDate(request.expiresAt)} if nobody approves it; until then you can cancel it.`,
      };
    case 'EXECUTING':
      return {
        headline: `:large_green_circle: Your MFA reset request for IAM user ${user} was approved: resetting now.`,
        next: 'You get a message here when it is done.',
      };
    case 'UNFINISHED':
      return {
        headline: `:warning: The MFA devices of IAM user ${user} were deactivated, but the reset was interrupted before a virtual device was deleted.`,
        next: 'The approvers were alerted and can finish it. You get a message here when it is done; until then, a new device cannot be enrolled under the same name.',
      };
    case 'COMPLETED':
      return {
        headline: `:white_check_mark: The MFA devices of IAM user ${user} were reset.`,
        next: forOther
          ? `${mention(request.target.slackUserId)} was told in a direct message how to enrol a new MFA device.`
          : enrolNewDevice,
      };
    case 'FAILED': {
      const { what, next } = failureWords(request);
      return { headline: `:x: Your MFA reset request for IAM user ${user} failed. ${what}`, next };
    }
    case 'DENIED': {
      const by = decidedBy(request) ?? 'an approver';
      const reason = request.decision?.reason;
      return {
        headline: `:no_entry: Your MFA reset request for IAM user ${user} was denied by ${by}. Nothing was changed.`,
        ...(reason === undefined ? {} : { said: [reasonSection('*Reason for denial*', reason)] }),
        next: `Ask ${by} about it if the reason is unclear. ${again}`,
      };
    }
    case 'EXPIRED':
      return {
        headline: `:hourglass: Your MFA reset request for IAM user ${user} expired ${slackDate(request.expiresAt)} before enough approvers approved it. Nothing was changed.`,
        next: again,
      };
    case 'CANCELLED': {
      const by = decidedBy(request);
      return {
        headline: `:heavy_multiplication_x: Your MFA reset request for IAM user ${user} was cancelled${by === undefined ? '' : ` by ${by}`}. Nothing was changed.`,
        next: again,
      };
    }
  }
}

/**
 * The direct message a requester gets about their request, one per state: what happened, the
 * devices (with outcomes once there are any), and what to do next.
 */
export function requesterMessage(request: ResetRequest): SlackMessage {
  return requestDmMessage(request, dmFor(request));
}
