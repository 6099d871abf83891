import type { ModalView } from '@slack/types';
import { CallbackId } from '../ids.js';
import { section } from './blocks.js';
import { modal } from './modal.js';

/**
 * Opened straight away with the slash command's trigger_id (valid for 3 s), before IAM is asked
 * anything; the request modal replaces it through views.update once the devices are known.
 */
export function loadingModal(content: { readonly title?: string; readonly text?: string } = {}): ModalView {
  return modal({
    callbackId: CallbackId.loadingModal,
    title: content.title ?? 'MFA reset',
    blocks: [
      section(`:hourglass_flowing_sand: ${content.text ?? 'Looking up your IAM user and MFA devices…'}`),
    ],
  });
}
