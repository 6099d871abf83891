import type { ActionsBlock } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import { ActionId, BlockId } from '../ids.js';
import { reasonSection, requestIdContext, type SlackMessage, section } from './blocks.js';
import { BlockKitLimits, escapeMrkdwn, mention, plainText, slackDate } from './text.js';

/**
 * The direct message to a confirmer (`verification: confirm`): who asked to reset whose MFA and
 * why, and Confirm or Reject. Approvals open only once someone confirms; a rejection denies it.
 */
export function confirmMessage(request: ResetRequest): SlackMessage {
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  const asker = mention(request.requesterSlackId);
  const forWhom =
    request.requesterSlackId === request.target.slackUserId
      ? ''
      : ` for ${mention(request.target.slackUserId)}`;
  return {
    text: `Please confirm: ${asker} asked for an MFA reset of IAM user ${escapeMrkdwn(request.target.iamUserName, 200)}`,
    blocks: [
      section(
        `:raising_hand: ${asker} asked for a reset of the MFA of IAM user ${user}${forWhom}. ` +
          'You are asked to confirm that it really is them: check with them through a channel an attacker ' +
          `holding their Slack account would not control (a call to a number you know, in person). Approvers can act only after a confirmation; it expires ${slackDate(request.expiresAt)}.`,
      ),
      reasonSection(`*Reason given by ${asker}*`, request.reason),
      confirmButtons(request.id),
      requestIdContext(request),
    ],
  };
}

function confirmButtons(requestId: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: BlockId.confirmActions,
    elements: [
      {
        type: 'button',
        action_id: ActionId.confirmRequest,
        text: plainText('Confirm: it is them', BlockKitLimits.buttonText),
        style: 'primary',
        value: requestId,
      },
      {
        type: 'button',
        action_id: ActionId.rejectRequest,
        text: plainText('Reject', BlockKitLimits.buttonText),
        style: 'danger',
        value: requestId,
        confirm: {
          title: plainText('Reject this request?', 100),
          text: plainText('The request is denied and nothing is reset.', 300),
          confirm: plainText('Reject', 30),
          deny: plainText('Keep it', 30),
        },
      },
    ],
  };
}
