import type { KnownBlock } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import { linesSections, reasonSection, requestIdContext, type SlackMessage, section } from './blocks.js';
import { cancelButton } from './cancel-button.js';
import { deviceLines } from './devices.js';
import { enrolNewDevice, failureWords } from './requester-message.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

interface Dm {
  readonly headline: string;
  readonly next?: string;
}

function dmFor(request: ResetRequest): Dm {
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  const asker = mention(request.requesterSlackId);
  const nothing = 'Nothing was changed.';
  switch (request.state) {
    case 'PENDING':
      return {
        headline: `:bell: ${asker} asked for a reset of the MFA of your IAM user ${user}. The request was sent to the approvers.`,
        next:
          `If you did not ask for this, cancel it now and tell your security team. It expires ${slackDate(request.expiresAt)} if nobody approves it. ` +
          'You get a message here when it is decided.',
      };
    case 'EXECUTING':
      return {
        headline: `:large_green_circle: The reset of the MFA of your IAM user ${user} was approved: resetting now.`,
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
      const by = request.decision === undefined ? 'an approver' : mention(request.decision.by);
      return {
        headline: `:no_entry: The reset of the MFA of your IAM user ${user} was denied by ${by}. ${nothing}`,
      };
    }
    case 'EXPIRED':
      return {
        headline: `:hourglass: The request to reset the MFA of your IAM user ${user} expired ${slackDate(request.expiresAt)}. ${nothing}`,
      };
    case 'CANCELLED': {
      const by = request.decision === undefined ? '' : ` by ${mention(request.decision.by)}`;
      return {
        headline: `:heavy_multiplication_x: The request to reset the MFA of your IAM user ${user} was cancelled${by}. ${nothing}`,
      };
    }
  }
}

/**
 * The direct message to the member a help-desk request is for: who asked, for which devices and
 * why, and, while it is pending, a button to cancel it (someone may be impersonating them).
 */
export function targetMessage(request: ResetRequest): SlackMessage {
  const dm = dmFor(request);
  const blocks: KnownBlock[] = [
    section(dm.headline),
    ...linesSections(`*MFA devices (${request.devices.length})*`, deviceLines(request)),
  ];
  if (request.state === 'PENDING')
    blocks.push(reasonSection(`*Reason given by ${mention(request.requesterSlackId)}*`, request.reason));
  if (dm.next !== undefined) blocks.push(section(`*What to do now*\n${dm.next}`));
  if (request.state === 'PENDING') blocks.push(cancelButton(request.id));
  blocks.push(requestIdContext(request));
  return { text: dm.headline, blocks };
}
