import type { KnownBlock } from '@slack/types';
import { describeError } from '../../domain/errors.js';
import { cleanFreeText } from '../../domain/free-text.js';
import type { ResetRequest } from '../../domain/request.js';
import { slashCommand } from '../ids.js';
import { stateText } from './audit-text.js';
import { context, type SlackMessage, section } from './blocks.js';
import { decidedBy } from './request-dm.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

/** "12 min ago", "3 h ago", "2 days ago": how old a request is, to the unit people think in. */
export function ageText(createdAt: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(createdAt)) / 60_000));
  if (Number.isNaN(minutes)) return 'at an unknown time';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** How the request ended, or what it waits for, in a few words. */
function outcomeText(request: ResetRequest): string {
  switch (request.state) {
    case 'PENDING':
      return `waiting for approval (${request.approvals.length} so far), expires ${slackDate(request.expiresAt)}`;
    case 'EXECUTING':
      return 'approved, resetting the devices';
    case 'UNFINISHED':
      return 'interrupted before a virtual device was deleted; the approvers can finish it';
    case 'COMPLETED':
      return `${request.devices.length} device(s) reset`;
    case 'FAILED': {
      const code = request.failureCode ?? 'INTERNAL';
      return `\`${code}\`: ${describeError(code).what}`;
    }
    case 'DENIED': {
      const by = decidedBy(request) ?? 'an approver';
      const reason = request.decision?.reason;
      return `by ${by}${reason === undefined ? '' : `: “${escapeMrkdwn(cleanFreeText(reason), 300)}”`}`;
    }
    case 'CANCELLED': {
      const by = decidedBy(request);
      return by === undefined ? 'nothing was changed' : `by ${by}, nothing was changed`;
    }
    case 'EXPIRED':
      return 'nobody approved it in time, nothing was changed';
  }
}

function whose(request: ResetRequest, member: string): string {
  if (request.requesterSlackId === request.target.slackUserId) return '';
  return request.requesterSlackId === member
    ? ` · for ${mention(request.target.slackUserId)}`
    : ` · asked by ${mention(request.requesterSlackId)}`;
}

/** One request as a section: state, IAM user, who for or by, age, outcome, and its id. */
function requestBlock(request: ResetRequest, member: string, now: Date): KnownBlock {
  return section(
    `${stateText(request.state)} · IAM user \`${escapeMrkdwn(request.target.iamUserName, 70)}\`${whose(request, member)} · ${ageText(request.createdAt, now)}\n` +
      `${outcomeText(request)}\n` +
      `Request \`${escapeMrkdwn(request.id, 130)}\``,
  );
}

/**
 * The ephemeral answer to `/mfa-reset status`: the member's own requests, as requester or as the
 * member a help-desk request is for, newest first. One section each, so a handful of requests stays
 * far inside a message's 50 blocks and each section's 3,000 characters.
 */
export function statusMessage(input: {
  readonly member: string;
  readonly requests: readonly ResetRequest[];
  readonly now: Date;
  /** How many requests at most the list holds (it says so when it is full). */
  readonly limit: number;
}): SlackMessage {
  if (input.requests.length === 0) {
    const text = `You have no MFA reset requests. Run \`${slashCommand}\` to make one.`;
    return { text, blocks: [section(text)] };
  }
  const shown = input.requests.slice(0, input.limit);
  const text = `Your MFA reset requests (${shown.length}${shown.length === input.limit ? ', the latest' : ''})`;
  const blocks: KnownBlock[] = [
    section(`*${text}*`),
    ...shown.map((request) => requestBlock(request, input.member, input.now)),
  ];
  if (shown.some((request) => request.state === 'PENDING')) {
    blocks.push(context(`\`${slashCommand} cancel\` cancels a pending request.`));
  }
  return { text, blocks };
}
