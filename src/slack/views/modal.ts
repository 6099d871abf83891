import type { KnownBlock, ModalView } from '@slack/types';
import type { CallbackId } from '../ids.js';
import { BlockKitLimits, plainText } from './text.js';

/** The one place modals are assembled, so every modal gets the same title, button and size rules. */
export function modal(input: {
  readonly callbackId: CallbackId;
  readonly title: string;
  readonly blocks: readonly KnownBlock[];
  /** Omitted for modals that only inform: they get a single close button. */
  readonly submit?: string;
  readonly close?: string;
  /** Serialised as JSON; identifies what the modal is about, never proves anything. */
  readonly privateMetadata?: Readonly<Record<string, string>>;
}): ModalView {
  const view: ModalView = {
    type: 'modal',
    callback_id: input.callbackId,
    title: plainText(input.title, BlockKitLimits.modalTitle),
    close: plainText(
      input.close ?? (input.submit === undefined ? 'Close' : 'Cancel'),
      BlockKitLimits.modalButton,
    ),
    blocks: input.blocks.slice(0, BlockKitLimits.modalBlocks),
  };
  if (input.submit !== undefined) view.submit = plainText(input.submit, BlockKitLimits.modalButton);
  if (input.privateMetadata !== undefined) view.private_metadata = JSON.stringify(input.privateMetadata);
  return view;
}
