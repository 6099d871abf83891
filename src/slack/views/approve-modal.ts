import type { ModalView } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import { ActionId, BlockId, CallbackId } from '../ids.js';
import { requestSummaryBlocks, type SummaryOptions, section } from './blocks.js';
import { modal } from './modal.js';
import { riskFactsBlocks } from './risk-facts.js';
import { attestationBlocks, ruleLine } from './rule-text.js';
import { BlockKitLimits, escapeMrkdwn, plainText } from './text.js';

export interface ApproveModalOptions {
  /** The bot's MFA device this approver reads the code from (their own, or the shared fallback). */
  readonly approverMfaSerial: string;
  /** Now, for the rule's words (the system clock when left out). */
  readonly now?: Date;
  /** The member accounts, to name a member account's user's account. */
  readonly accounts?: SummaryOptions['accounts'];
}

/** What the approve and deny modals carry between opening and submission. */
export interface DecisionModalMetadata {
  readonly requestId: string;
}

/**
 * Asks an approver for the current code of the bot's MFA device. The code goes to STS once and is
 * never put back into a view: the input has no initial value, and errors name no code.
 */
export function approveModal(request: ResetRequest, options: ApproveModalOptions): ModalView {
  const devices = request.devices.length;
  const metadata: DecisionModalMetadata = { requestId: request.id };
  return modal({
    callbackId: CallbackId.approveModal,
    title: 'Approve MFA reset',
    submit: 'Approve and reset',
    privateMetadata: { ...metadata },
    blocks: [
      ...requestSummaryBlocks(request, options.accounts === undefined ? {} : { accounts: options.accounts }),
      ...ruleBlocks(request, options.now ?? new Date()),
      ...riskFactsBlocks(request.riskFacts),
      section(
        `:warning: With your approval, if it is the last one needed, the bot resets ${devices} MFA ` +
          `device${devices === 1 ? '' : 's'} of \`${escapeMrkdwn(request.target.iamUserName, 200)}\` right away.`,
      ),
      ...codeInputBlocks(options.approverMfaSerial),
    ],
  });
}

/** The rule's words, and its questions when it needs the approver to attest how they verified the person. */
function ruleBlocks(request: ResetRequest, now: Date) {
  const line = ruleLine(request, now);
  return [
    ...(line === undefined ? [] : [section(line)]),
    ...(request.rule?.settings.verification === 'attest' ? attestationBlocks() : []),
  ];
}

/**
 * What the approve and finish modals ask for: the current code of the bot's MFA device this
 * approver holds, in the one input the submission parsers read (`BlockId.tokenCode`).
 */
export function codeInputBlocks(approverMfaSerial: string) {
  return [
    section(
      `Enter the current code of the bot's MFA device \`${escapeMrkdwn(approverMfaSerial, 600)}\`. ` +
        'AWS checks it before anything changes.',
    ),
    {
      type: 'input' as const,
      block_id: BlockId.tokenCode,
      label: plainText('MFA code', BlockKitLimits.inputLabel),
      hint: plainText(
        'The 6 digits your authenticator shows for the bot, e.g. 123456 or 123 456. ' +
          'A code works once: if AWS rejects it, wait for the next one.',
        BlockKitLimits.inputHint,
      ),
      element: {
        type: 'plain_text_input' as const,
        action_id: ActionId.tokenCode,
        // Room for "123 456" and stray spaces; the format itself is checked on submit.
        min_length: 6,
        max_length: 12,
        focus_on_load: true,
        placeholder: plainText('123456', BlockKitLimits.placeholder),
      },
    },
  ];
}
