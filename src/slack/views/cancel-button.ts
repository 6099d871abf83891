import type { ActionsBlock } from '@slack/types';
import { ActionId, BlockId } from '../ids.js';
import { BlockKitLimits, plainText } from './text.js';

/**
 * "Cancel request" under a pending request in a member's DM, with Slack's confirmation dialog
 * (title 100, text 300, buttons 30 characters). The value is the request id; the service checks
 * again that the member who clicks may cancel it.
 */
export function cancelButton(requestId: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: BlockId.cancelActions,
    elements: [
      {
        type: 'button',
        action_id: ActionId.cancelRequest,
        text: plainText('Cancel request', BlockKitLimits.buttonText),
        value: requestId,
        confirm: {
          title: plainText('Cancel this request?', 100),
          text: plainText('The approvers can no longer approve it, and nothing is reset.', 300),
          confirm: plainText('Cancel request', 30),
          deny: plainText('Keep it', 30),
        },
      },
    ],
  };
}
