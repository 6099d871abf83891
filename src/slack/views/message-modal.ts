import type { ModalView } from '@slack/types';
import type { ErrorCode, ResetError } from '../../domain/errors.js';
import { CallbackId } from '../ids.js';
import { section } from './blocks.js';
import { errorText } from './error-text.js';
import { modal } from './modal.js';

export interface MessageModalContent {
  /** Cut to Slack's 24 characters. */
  readonly title: string;
  /** mrkdwn written by the bot: escape anything a person or AWS supplied with `escapeMrkdwn`. */
  readonly text: string;
}

/** A modal that only tells something: nothing to reset, an error, a confirmation. No submit button. */
export function messageModal(content: MessageModalContent): ModalView {
  return modal({
    callbackId: CallbackId.messageModal,
    title: content.title,
    blocks: [section(content.text)],
  });
}

/**
 * The message modal for a coded error, in the same words as everywhere else in Slack; `details`
 * fill in the facts some words name (when to try again), `title` keeps the title of the modal it replaces.
 */
export function errorModal(
  code: ErrorCode,
  options: { readonly title?: string; readonly details?: ResetError['details'] } = {},
): ModalView {
  return messageModal({ title: options.title ?? 'MFA reset', text: errorText(code, options.details) });
}
