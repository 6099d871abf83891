import type { ActionsBlock, KnownBlock } from '@slack/types';
import { cliCommand } from '../../domain/cli-command.js';
import { describeError } from '../../domain/errors.js';
import { cleanFreeText } from '../../domain/free-text.js';
import type { Approval, ResetRequest } from '../../domain/request.js';
import type { ChainPosition } from '../../services/ports.js';
import { ActionId, BlockId } from '../ids.js';
import {
  context,
  header,
  requestIdContext,
  requestSummaryBlocks,
  type SlackMessage,
  type SummaryOptions,
  section,
} from './blocks.js';
import { finishButton } from './finish-button.js';
import { leftOverWords } from './left-over.js';
import { riskFactsBlocks } from './risk-facts.js';
import { ruleLine } from './rule-text.js';
import { BlockKitLimits, escapeMrkdwn, mention, plainText, slackDate } from './text.js';

export interface ApprovalMessageOptions {
  /** How many distinct approvers the request needs (its rule's minApprovals). */
  readonly approvalsNeeded: number;
  /** Now, to say whether the waiting period is over (the system clock when left out). */
  readonly now?: Date;
  /** The request's last audit event, once it has ended: shown so auditors can note it down. */
  readonly anchor?: ChainPosition;
  /** The member accounts, to name a member account's user's account. */
  readonly accounts?: SummaryOptions['accounts'];
}

/** Characters of the hash shown: enough that nobody can forge a matching event (64 bits). */
export const ANCHOR_HASH_CHARS = 16;

/**
 * Where the request's record ends in the audit chain, in a form `audit verify --anchor` takes. Kept
 * in Slack, outside the table, it catches a rewrite of the chain's tail and head together.
 */
export function anchorLine(anchor: ChainPosition): string {
  const noted = `${anchor.seq}:${anchor.hash.slice(0, ANCHOR_HASH_CHARS)}`;
  return `Audit trail: event ${anchor.seq}, hash \`${anchor.hash.slice(0, ANCHOR_HASH_CHARS)}\` · check it with \`${cliCommand(`audit verify --anchor ${noted}`)}\``;
}

/**
 * The request as the approvers see it in the approvals channel. Approve and Deny buttons exist only
 * while the request is PENDING: once it is decided the message is rewritten without them, showing
 * who decided, when, and what happened to each device. A request a crash left UNFINISHED carries
 * "Finish the reset" instead, until it ends.
 */
export function approvalMessage(request: ResetRequest, options: ApprovalMessageOptions): SlackMessage {
  const blocks: KnownBlock[] = [
    header('MFA reset request'),
    ...requestSummaryBlocks(request, {
      approvalsNeeded: options.approvalsNeeded,
      ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
    }),
    ...riskFactsBlocks(request.riskFacts),
  ];
  const rule = ruleLine(request, options.now ?? new Date());
  if (rule !== undefined) blocks.push(section(rule));
  blocks.push(section(statusLine(request, options.approvalsNeeded)));
  if (request.state === 'PENDING') blocks.push(decisionButtons(request.id));
  if (request.state === 'UNFINISHED') blocks.push(finishButton(request.id));
  blocks.push(requestIdContext(request));
  if (options.anchor !== undefined) blocks.push(context(anchorLine(options.anchor)));
  return { text: fallbackText(request), blocks };
}

function decisionButtons(requestId: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: BlockId.approvalActions,
    elements: [
      {
        type: 'button',
        action_id: ActionId.approve,
        text: plainText('Approve', BlockKitLimits.buttonText),
        style: 'primary',
        value: requestId,
      },
      {
        type: 'button',
        action_id: ActionId.deny,
        text: plainText('Deny', BlockKitLimits.buttonText),
        style: 'danger',
        value: requestId,
      },
    ],
  };
}

function approvedBy(approvals: readonly Approval[]): string {
  if (approvals.length === 0) return '';
  const each = approvals.map((a) => {
    const device = a.mfaSerial === undefined ? '' : ` with \`${escapeMrkdwn(a.mfaSerial, 300)}\``;
    return `${mention(a.slackUserId)} (${slackDate(a.at)}${device})`;
  });
  return `Approved by ${each.join(', ')}.`;
}

function decidedBy(request: ResetRequest, verb: string): string {
  const decision = request.decision;
  if (decision === undefined) return `${verb} ${slackDate(request.updatedAt)}.`;
  return `${verb} by ${mention(decision.by)} ${slackDate(decision.at)}.`;
}

/** What state the request is in and who put it there; the words approvers act on. */
export function statusLine(request: ResetRequest, approvalsNeeded: number): string {
  const approvals = approvedBy(request.approvals);
  switch (request.state) {
    case 'PENDING':
      return joined(
        `:hourglass_flowing_sand: *Waiting for approval* (${request.approvals.length} of ${approvalsNeeded}).`,
        "Approving asks for the current code of the bot's MFA device; AWS checks it before anything changes.",
        approvals,
      );
    case 'EXECUTING':
      return joined(':gear: *Resetting the devices.*', approvals);
    case 'UNFINISHED': {
      const left = leftOverWords(request);
      return joined(
        `:warning: *Unfinished*: interrupted after deactivating ${left.serials} and before deleting ${left.them}.`,
        'No longer attached to the user, still in the account: a new device cannot be enrolled under the same name. *Finish the reset* asks an approver for their code; AWS checks it before the bot deletes what was left.',
        approvals,
      );
    }
    case 'COMPLETED':
      return joined(`:white_check_mark: *Completed* ${slackDate(request.updatedAt)}.`, approvals);
    case 'FAILED': {
      const code = request.failureCode ?? 'INTERNAL';
      return joined(`:x: *Failed* (\`${code}\`): ${describeError(code).what}`, approvals);
    }
    case 'DENIED': {
      const reason = request.decision?.reason;
      const why =
        reason === undefined ? '' : `\n*Reason for denial*\n${escapeMrkdwn(cleanFreeText(reason), 2000)}`;
      return `:no_entry: ${decidedBy(request, '*Denied*')}${why}`;
    }
    case 'CANCELLED':
      return joined(`:heavy_multiplication_x: ${decidedBy(request, '*Cancelled*')}`, 'Nothing was changed.');
    case 'EXPIRED':
      return joined(
        `:hourglass: *Expired* ${slackDate(request.expiresAt)} without enough approvals.`,
        'Nothing was changed.',
      );
  }
}

function joined(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

const stateWords: Readonly<Record<ResetRequest['state'], string>> = {
  PENDING: 'waiting for approval',
  EXECUTING: 'resetting',
  UNFINISHED: 'unfinished',
  COMPLETED: 'completed',
  FAILED: 'failed',
  DENIED: 'denied',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
};

function fallbackText(request: ResetRequest): string {
  const user = escapeMrkdwn(request.target.iamUserName, 100);
  return `MFA reset for IAM user ${user} requested by ${mention(request.requesterSlackId)}: ${stateWords[request.state]}`;
}
