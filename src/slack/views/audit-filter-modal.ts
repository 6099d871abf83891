import type { InputBlock, ModalView } from '@slack/types';
import { DEFAULT_AUDIT_DAYS, MAX_AUDIT_DAYS } from '../../domain/audit-filter.js';
import { ActionId, BlockId, CallbackId } from '../ids.js';
import { context, section } from './blocks.js';
import { modal } from './modal.js';
import { BlockKitLimits, plainText } from './text.js';

function textInput(input: {
  blockId: string;
  actionId: string;
  label: string;
  hint: string;
  placeholder: string;
  maxLength: number;
  initial?: string;
}): InputBlock {
  return {
    type: 'input',
    block_id: input.blockId,
    optional: true,
    label: plainText(input.label, BlockKitLimits.inputLabel),
    hint: plainText(input.hint, BlockKitLimits.inputHint),
    element: {
      type: 'plain_text_input',
      action_id: input.actionId,
      max_length: input.maxLength,
      placeholder: plainText(input.placeholder, BlockKitLimits.placeholder),
      ...(input.initial === undefined ? {} : { initial_value: input.initial }),
    },
  };
}

/**
 * `/mfa-reset audit` without arguments: filter by IAM user, member or request ID (one at most,
 * none for everything) over a period. The submission is checked by the same rules as the command's
 * words; a problem is shown beside its field.
 */
export function auditFilterModal(): ModalView {
  return modal({
    callbackId: CallbackId.auditFilterModal,
    title: 'Audit trail',
    submit: 'Show events',
    blocks: [
      section('Review who reset whose MFA, when, why, and who approved it with which device.'),
      textInput({
        blockId: BlockId.auditIamUser,
        actionId: ActionId.auditIamUser,
        label: 'IAM user',
        hint: 'Events about this IAM user.',
        placeholder: 'e.g. alice',
        maxLength: 64,
      }),
      {
        type: 'input',
        block_id: BlockId.auditMember,
        optional: true,
        label: plainText('Member', BlockKitLimits.inputLabel),
        hint: plainText(
          'Events this member caused: requests, approvals, denials, reviews.',
          BlockKitLimits.inputHint,
        ),
        element: { type: 'users_select', action_id: ActionId.auditMember },
      },
      textInput({
        blockId: BlockId.auditRequestId,
        actionId: ActionId.auditRequestId,
        label: 'Request ID',
        hint: 'Every event of one request.',
        placeholder: 'the ID under a request message',
        maxLength: 128,
      }),
      textInput({
        blockId: BlockId.auditDays,
        actionId: ActionId.auditDays,
        label: 'Period (days)',
        hint: `The last 1 to ${MAX_AUDIT_DAYS} days.`,
        placeholder: String(DEFAULT_AUDIT_DAYS),
        maxLength: 5,
        initial: String(DEFAULT_AUDIT_DAYS),
      }),
      context(
        'Give one of IAM user, member or request ID, or none for every event. Your review is recorded.',
      ),
    ],
  });
}
