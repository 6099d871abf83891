import type { ResetRequest } from '../../domain/request.js';
import { statusLine } from './approval-message.js';
import type { SlackMessage } from './blocks.js';
import { requestDmMessage } from './request-dm.js';
import { escapeMrkdwn } from './text.js';

/**
 * To the approver whose approval a bot was carrying out when it stopped (their modal may still say
 * "Working on it…"): what became of it, as the restarted bot read it back from AWS.
 */
export function interruptedApprovalMessage(request: ResetRequest): SlackMessage {
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  return requestDmMessage(request, {
    headline:
      `:information_source: The bot stopped while it was carrying out your approval of the MFA reset of IAM user ${user}. ` +
      'On restarting, it read the devices back from AWS and closed the request accordingly.',
    next:
      statusLine(request, request.approvals.length) +
      (request.state === 'UNFINISHED'
        ? ' The button is on the request’s message in the approvals channel.'
        : ''),
  });
}
