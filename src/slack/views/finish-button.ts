import type { ActionsBlock } from '@slack/types';
import { ActionId, BlockId } from '../ids.js';
import { BlockKitLimits, plainText } from './text.js';

/**
 * "Finish the reset" under a request a crash left UNFINISHED: on its approval message and on
 * approvers' App Home (where several are listed, so each block is named after its request). The
 * value is the request id; the service checks again that the member who clicks may finish it.
 */
export function finishButton(requestId: string, options: { perRequestBlock?: boolean } = {}): ActionsBlock {
  return {
    type: 'actions',
    block_id:
      options.perRequestBlock === true
        ? `${BlockId.finishActions}.${requestId}`.slice(0, 255)
        : BlockId.finishActions,
    elements: [
      {
        type: 'button',
        action_id: ActionId.finishReset,
        text: plainText('Finish the reset', BlockKitLimits.buttonText),
        style: 'primary',
        value: requestId,
      },
    ],
  };
}
