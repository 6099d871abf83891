import type { KnownBlock } from '@slack/types';
import { describeError } from '../../domain/errors.js';
import type { ResetRequest } from '../../domain/request.js';
import { slashCommand } from '../ids.js';
import { linesSections, reasonSection, requestIdContext, type SlackMessage, section } from './blocks.js';
import { cancelButton } from './cancel-button.js';
import { anyDeviceDeactivated, deviceLines } from './devices.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

/** The step that gets a person whose MFA was reset back to a protected account. */
export const enrolNewDevice =
  'Sign in to the AWS console with your password and enrol a new MFA device: ' +
  'IAM console → Security credentials → Assign MFA device.';

/** Why a request failed and what to do, with the enrol step when some device was reset anyway. */
export function failureWords(request: ResetRequest): { what: string; next: string } {
  const { what, next } = describeError(request.failureCode ?? 'INTERNAL');
  const enrol = anyDeviceDeactivated(request.outcomes) ? ` Devices that were reset: ${enrolNewDevice}` : '';
  return { what, next: next + enrol };
}

interface Dm {
  /** First line: what happened. Also the notification text. */
  readonly headline: string;
  /** What the requester should do now, when there is something. */
  readonly next?: string;
  readonly showReason?: boolean;
}

function dmFor(request: ResetRequest): Dm {
  const forOther = request.target.slackUserId !== request.requesterSlackId;
  const iamUser = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  // A help-desk request names the member it is for as well as their IAM user.
  const user = forOther ? `${iamUser} of ${mention(request.target.slackUserId)}` : iamUser;
  const again = `Run \`${slashCommand}\` to make a new request if you still need a reset.`;
  switch (request.state) {
    case 'PENDING':
      return {
        headline: `:hourglass_flowing_sand: Your MFA reset request for IAM user ${user} was sent to the approvers.`,
        next: `You get a message here when it is decided. It expires ${slackDate(request.expiresAt)} if nobody approves it; until then you can cancel it.`,
        showReason: true,
      };
    case 'EXECUTING':
      return {
        headline: `:large_green_circle: Your MFA reset request for IAM user ${user} was approved: resetting now.`,
        next: 'You get a message here when it is done.',
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
      const by = request.decision === undefined ? 'an approver' : mention(request.decision.by);
      return {
        headline: `:no_entry: Your MFA reset request for IAM user ${user} was denied by ${by}. Nothing was changed.`,
        next: `Ask ${by} about it if the reason is unclear. ${again}`,
      };
    }
    case 'EXPIRED':
      return {
        headline: `:hourglass: Your MFA reset request for IAM user ${user} expired ${slackDate(request.expiresAt)} before enough approvers approved it. Nothing was changed.`,
        next: again,
      };
    case 'CANCELLED': {
      const by = request.decision === undefined ? '' : ` by ${mention(request.decision.by)}`;
      return {
        headline: `:heavy_multiplication_x: Your MFA reset request for IAM user ${user} was cancelled${by}. Nothing was changed.`,
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
  const dm = dmFor(request);
  const blocks: KnownBlock[] = [
    section(dm.headline),
    ...linesSections(`*MFA devices (${request.devices.length})*`, deviceLines(request)),
  ];
  if (dm.showReason) blocks.push(reasonSection('*Your reason*', request.reason));
  if (request.state === 'DENIED' && request.decision?.reason !== undefined) {
    blocks.push(reasonSection('*Reason for denial*', request.decision.reason));
  }
  if (dm.next !== undefined) blocks.push(section(`*What to do now*\n${dm.next}`));
  if (request.state === 'PENDING') blocks.push(cancelButton(request.id));
  blocks.push(requestIdContext(request));
  return { text: dm.headline, blocks };
}
