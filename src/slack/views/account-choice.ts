import type { ActionsBlock, Button, ModalView } from '@slack/types';
import type { MemberAccount } from '../../domain/accounts.js';
import { iamUserWithAccount } from '../../domain/accounts.js';
import { ActionId, CallbackId } from '../ids.js';
import { section } from './blocks.js';
import { modal } from './modal.js';
import type { RequestModalMetadata } from './request-modal.js';
import { BlockKitLimits, escapeMrkdwn, mention, plainText } from './text.js';

/**
 * Before the request form, for a member mapped in more than one AWS account: one button per
 * account's IAM user. The button pushes the form for that user; its value says which, and the
 * service checks again on submit that the user is one of the member's.
 */
export function accountChoiceModal(input: {
  readonly choices: readonly string[];
  readonly accounts: readonly Pick<MemberAccount, 'id' | 'name'>[];
  /** The member a help-desk request is for; undefined when the requester asks for themselves. */
  readonly targetSlackId?: string;
}): ModalView {
  const whose = input.targetSlackId === undefined ? 'You have' : `${mention(input.targetSlackId)} has`;
  const buttons: Button[] = input.choices.slice(0, BlockKitLimits.modalBlocks - 1).map((iamUserName) => {
    const value: RequestModalMetadata = {
      iamUserName,
      ...(input.targetSlackId === undefined ? {} : { targetSlackId: input.targetSlackId }),
    };
    return {
      type: 'button',
      action_id: ActionId.chooseAccount,
      text: plainText(iamUserWithAccount(iamUserName, input.accounts), BlockKitLimits.buttonText),
      value: JSON.stringify(value),
    };
  });
  // One block per button: an action_id is unique within its block, and every button has the same.
  const actions = buttons.map(
    (button, index): ActionsBlock => ({ type: 'actions', block_id: `account_${index}`, elements: [button] }),
  );
  return modal({
    callbackId: CallbackId.accountChoiceModal,
    title: 'MFA reset',
    blocks: [
      section(
        `${whose} IAM users in more than one AWS account. Whose MFA devices should be reset? ` +
          `(${escapeMrkdwn(String(input.choices.length))} accounts)`,
      ),
      ...actions,
    ],
  });
}
