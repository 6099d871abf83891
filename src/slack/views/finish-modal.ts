import type { ModalView } from '@slack/types';
import type { ResetRequest } from '../../domain/request.js';
import { CallbackId } from '../ids.js';
import { type ApproveModalOptions, codeInputBlocks, type DecisionModalMetadata } from './approve-modal.js';
import { requestSummaryBlocks, section } from './blocks.js';
import { leftOverWords } from './left-over.js';
import { modal } from './modal.js';
import { escapeMrkdwn } from './text.js';

/**
 * "Finish the reset" of a request a crash left UNFINISHED: asks an approver for the current code of
 * the bot's MFA device, as the approve modal does (same input, same block ids), and says what the
 * bot will delete with it.
 */
export function finishModal(request: ResetRequest, options: ApproveModalOptions): ModalView {
  const metadata: DecisionModalMetadata = { requestId: request.id };
  const left = leftOverWords(request);
  return modal({
    callbackId: CallbackId.finishModal,
    title: 'Finish the reset',
    submit: 'Delete and finish',
    privateMetadata: { ...metadata },
    blocks: [
      ...requestSummaryBlocks(request, options.accounts === undefined ? {} : { accounts: options.accounts }),
      section(
        `:warning: A crash left ${left.serials} deactivated but not deleted. With your code the bot deletes ` +
          `${left.them} (DeleteVirtualMFADevice), so that ` +
          `\`${escapeMrkdwn(request.target.iamUserName, 200)}\` can enrol a new device under the same name.`,
      ),
      ...codeInputBlocks(options.approverMfaSerial),
    ],
  });
}
