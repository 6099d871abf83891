import type { ModalView } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import { ActionId, BlockId, CallbackId } from '../ids.js';
import type { DecisionModalMetadata } from './approve-modal.js';
import { requestSummaryBlocks, type SummaryOptions } from './blocks.js';
import { modal } from './modal.js';
import { BlockKitLimits, plainText, reasonMaxLength } from './text.js';

/** Asks an approver why they deny the request; the requester reads the reason in their DM. */
export function denyModal(request: ResetRequest, options: Pick<SummaryOptions, 'accounts'> = {}): ModalView {
  const metadata: DecisionModalMetadata = { requestId: request.id };
  return modal({
    callbackId: CallbackId.denyModal,
    title: 'Deny MFA reset',
    submit: 'Deny',
    privateMetadata: { ...metadata },
    blocks: [
      ...requestSummaryBlocks(request, options),
      {
        type: 'input',
        block_id: BlockId.denyReason,
        label: plainText('Why are you denying it?', BlockKitLimits.inputLabel),
        hint: plainText('The requester sees this.', BlockKitLimits.inputHint),
        element: {
          type: 'plain_text_input',
          action_id: ActionId.denyReason,
          multiline: true,
          min_length: 1,
          max_length: reasonMaxLength,
        },
      },
    ],
  });
}
