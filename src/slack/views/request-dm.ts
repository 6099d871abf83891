import type { KnownBlock } from '@slack/types';
import { describeError } from '../../domain/errors.js';
import type { ResetRequest } from '../../domain/request.js';
import { linesSections, requestIdContext, type SlackMessage, section } from './blocks.js';
import { cancelButton } from './cancel-button.js';
import { anyDeviceDeactivated, deviceLines } from './devices.js';
import { mention, slackDate } from './text.js';

/** What the direct messages about a request share: the DMs to its requester and to its member. */

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

/** Who denied or cancelled the request, as a mention; undefined when nobody did (or it is not known). */
export function decidedBy(request: ResetRequest): string | undefined {
  return request.decision === undefined ? undefined : mention(request.decision.by);
}

/** One DM about a request in its current state. */
export interface RequestDm {
  /** First line: what happened. Also the notification text. */
  readonly headline: string;
  /** What was said about the request (the reasons), shown under the devices. */
  readonly said?: readonly KnownBlock[];
  /** What the member should do now, when there is something. */
  readonly next?: string;
}

/**
 * The message: the headline, the devices (with outcomes once there are any), what was said, what
 * to do now, a Cancel button while the request is pending, and the request's id.
 */
export function requestDmMessage(request: ResetRequest, dm: RequestDm): SlackMessage {
  const blocks: KnownBlock[] = [
    section(dm.headline),
    ...linesSections(`*MFA devices (${request.devices.length})*`, deviceLines(request)),
    ...(dm.said ?? []),
  ];
  if (dm.next !== undefined) blocks.push(section(`*What to do now*\n${dm.next}`));
  if (request.state === 'PENDING') blocks.push(cancelButton(request.id));
  blocks.push(requestIdContext(request));
  return { text: dm.headline, blocks };
}

/**
 * A request in its rule's waiting period: nobody can approve it before `opensAt`, which is the
 * real person's time to cancel a request they did not make. Empty when there is no wait.
 */
export function waitWords(request: ResetRequest): string {
  const opensAt = request.opensAt;
  if (opensAt === undefined || Date.parse(opensAt) <= Date.parse(request.createdAt)) return '';
  return `Nobody can approve it before ${slackDate(opensAt)}: that time is there for you to cancel it if it is not yours. `;
}
