import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { accountText, type MemberAccount, parseIamUserRef } from '../../domain/accounts.js';
import { cleanFreeText } from '../../domain/free-text.js';
import type { ResetRequest } from '../../domain/request.js';
import { deviceLines } from './devices.js';
import { BlockKitLimits, escapeMrkdwn, mention, mrkdwn, plainText, slackDate } from './text.js';

/** Small block builders and the request summary the message and the modals share. */

/** A message: `text` is the notification and screen-reader fallback for `blocks`. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text, BlockKitLimits.sectionText) };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, BlockKitLimits.headerText) };
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts
      .slice(0, BlockKitLimits.contextElements)
      .map((t) => mrkdwn(t, BlockKitLimits.sectionText)),
  };
}

/**
 * A heading and lines packed into as few sections as fit the section text limit, so a long list
 * (8 devices with 256-character serials and their outcomes) is split instead of cut off.
 */
export function linesSections(heading: string, lines: readonly string[]): SectionBlock[] {
  const max = BlockKitLimits.sectionText;
  const texts: string[] = [];
  let current = heading;
  for (const line of lines) {
    if (current.length + 1 + line.length <= max) {
      current = `${current}\n${line}`;
    } else {
      texts.push(current);
      current = line;
    }
  }
  texts.push(current);
  return texts.map(section);
}

/**
 * The reason as quoted by the person who wrote it: escaped, so it can never mention or link, and
 * cleaned again (reasons stored before cleaning existed are shown safely too).
 */
export function reasonSection(label: string, reason: string): SectionBlock {
  const budget = BlockKitLimits.sectionText - label.length - 1;
  return section(`${label}\n${escapeMrkdwn(cleanFreeText(reason), budget)}`);
}

export interface SummaryOptions {
  readonly approvalsNeeded?: number;
  /** The member accounts, to name the account of a member account's user (its ID is shown anyway). */
  readonly accounts?: readonly Pick<MemberAccount, 'id' | 'name'>[];
}

function requestFields(request: ResetRequest, options: SummaryOptions): SectionBlock {
  const fields = [
    `*Requested by*\n${mention(request.requesterSlackId)}`,
    `*IAM user*\n\`${escapeMrkdwn(request.target.iamUserName, 200)}\``,
  ];
  const account = parseIamUserRef(request.target.iamUserName)?.accountId;
  if (account !== undefined) {
    fields.push(`*AWS account*\n${escapeMrkdwn(accountText(account, options.accounts ?? []), 90)}`);
  }
  if (request.target.slackUserId !== request.requesterSlackId) {
    fields.push(`*For*\n${mention(request.target.slackUserId)}`);
  }
  fields.push(`*Expires*\n${slackDate(request.expiresAt)}`);
  const { approvalsNeeded } = options;
  if (approvalsNeeded !== undefined) {
    const who = request.approvals.map((a) => mention(a.slackUserId)).join(', ');
    fields.push(`*Approvals*\n${request.approvals.length} of ${approvalsNeeded}${who ? `: ${who}` : ''}`);
  }
  return {
    type: 'section',
    fields: fields.map((f) => mrkdwn(f, BlockKitLimits.sectionField)),
  };
}

/**
 * Who asked for what and why: requester, IAM user, expiry, approvals (when `approvalsNeeded` is
 * given), the devices with their outcomes once there are any, and the escaped reason.
 */
export function requestSummaryBlocks(request: ResetRequest, options: SummaryOptions = {}): KnownBlock[] {
  return [
    requestFields(request, options),
    ...linesSections(`*MFA devices (${request.devices.length})*`, deviceLines(request)),
    reasonSection('*Reason*', request.reason),
  ];
}

export function requestIdContext(request: ResetRequest): ContextBlock {
  return context(`Request \`${escapeMrkdwn(request.id, 200)}\` · created ${slackDate(request.createdAt)}`);
}
