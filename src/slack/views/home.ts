import type { ActionsBlock, HomeView, KnownBlock } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import type { HomeModel } from '../../services/home.js';
import type { ChainWatchState } from '../../services/ports.js';
import { ActionId, BlockId } from '../ids.js';
import { requestLine } from './audit-text.js';
import { context, header, linesSections, section } from './blocks.js';
import { finishButton } from './finish-button.js';
import { helpText } from './help-text.js';
import { leftOverWords } from './left-over.js';
import { BlockKitLimits, escapeMrkdwn, formatUtc, mention, plainText, slackDate } from './text.js';

/** Approve and Deny with the approval message's own action ids, so the same handlers serve both. */
function decisionButtons(request: ResetRequest): ActionsBlock {
  return {
    type: 'actions',
    block_id: `${BlockId.approvalActions}.${request.id}`.slice(0, 255),
    elements: [
      {
        type: 'button',
        action_id: ActionId.approve,
        text: plainText('Approve', BlockKitLimits.buttonText),
        style: 'primary',
        value: request.id,
      },
      {
        type: 'button',
        action_id: ActionId.deny,
        text: plainText('Deny', BlockKitLimits.buttonText),
        style: 'danger',
        value: request.id,
      },
    ],
  };
}

function pendingBlocks(requests: readonly ResetRequest[]): KnownBlock[] {
  if (requests.length === 0) return [section('No request is waiting for approval.')];
  return requests.flatMap((request) => [
    section(
      `${mention(request.requesterSlackId)} asks to reset ${request.devices.length} MFA device(s) of ` +
        `\`${escapeMrkdwn(request.target.iamUserName, 70)}\`, expires ${slackDate(request.expiresAt)}.\n` +
        `*Reason* ${escapeMrkdwn(request.reason, 500)}`,
    ),
    decisionButtons(request),
  ]);
}

/** Requests a crash left with virtual devices in the account: what was left, and the finish. */
function unfinishedBlocks(requests: readonly ResetRequest[]): KnownBlock[] {
  return requests.flatMap((request) => {
    const left = leftOverWords(request);
    return [
      section(
        `\`${escapeMrkdwn(request.target.iamUserName, 70)}\`: the reset was interrupted after deactivating ` +
          `${left.serials} and before deleting ${left.them}.`,
      ),
      finishButton(request.id, { perRequestBlock: true }),
    ];
  });
}

function chainHealth(chain: ChainWatchState | undefined): string {
  if (chain?.broken !== undefined) {
    return (
      `:rotating_light: *The audit trail is broken at event ${chain.broken.seq}*: ` +
      `${escapeMrkdwn(chain.broken.problem, 500)} (found ${formatUtc(chain.broken.at)}).`
    );
  }
  if (chain?.verified === undefined)
    return ':hourglass_flowing_sand: The audit chain has not been verified yet.';
  return (
    `:white_check_mark: Audit chain verified intact up to event ${chain.verified.seq}, ` +
    `last checked ${formatUtc(chain.verified.at)}.`
  );
}

function requestList(heading: string, requests: readonly ResetRequest[], empty: string): KnownBlock[] {
  return requests.length === 0
    ? [section(`${heading}\n${empty}`)]
    : linesSections(heading, requests.map(requestLine));
}

/**
 * The App Home tab by role: everyone sees their own requests; approvers also see pending requests
 * with Approve and Deny, and unfinished ones with Finish the reset; auditors also see the latest requests and the chain's health. Without a
 * model (nothing loaded), it shows the usage alone. Always ends with the usage.
 */
export function homeView(model?: HomeModel): HomeView {
  const blocks: KnownBlock[] = [header('MFA reset')];
  if (model !== undefined) {
    blocks.push(...requestList('*Your requests*', model.ownRequests, 'You have made no request.'));
    if (model.roles.approver)
      blocks.push(header('Waiting for approval'), ...pendingBlocks(model.pendingRequests));
    if (model.roles.approver && model.unfinishedRequests.length > 0)
      blocks.push(header('Unfinished resets'), ...unfinishedBlocks(model.unfinishedRequests));
    if (model.roles.auditor) {
      blocks.push(
        header('Audit'),
        section(chainHealth(model.chain)),
        ...requestList('*Latest requests*', model.latestRequests, 'No request yet.'),
        context('`/mfa-reset audit` reviews the whole trail: by IAM user, member, request or period.'),
      );
    }
    blocks.push({ type: 'divider' });
  }
  blocks.push(section(helpText()));
  return { type: 'home', blocks: blocks.slice(0, BlockKitLimits.modalBlocks) };
}
