/**
 * Every identifier the bot's Block Kit surfaces share with its listeners, in one place, so that a
 * view and the listener that reads it can never drift apart. Values are part of the Slack
 * contract of messages already posted: renaming one breaks the buttons of pending requests.
 */

/** The slash command, as declared in the app manifest. */
export const slashCommand = '/mfa-reset';

/** `callback_id` of each modal: listeners route view submissions on it. */
export const CallbackId = {
  loadingModal: 'mfa_reset.loading_modal',
  requestModal: 'mfa_reset.request_modal',
  messageModal: 'mfa_reset.message_modal',
  approveModal: 'mfa_reset.approve_modal',
  denyModal: 'mfa_reset.deny_modal',
} as const;
export type CallbackId = (typeof CallbackId)[keyof typeof CallbackId];

/** `action_id` of each interactive element (buttons in messages, inputs in modals). */
export const ActionId = {
  /** Approve button on the approval message; its value is the request id. */
  approve: 'mfa_reset.approve',
  /** Deny button on the approval message; its value is the request id. */
  deny: 'mfa_reset.deny',
  devices: 'devices',
  reason: 'reason',
  tokenCode: 'token_code',
  denyReason: 'deny_reason',
} as const;
export type ActionId = (typeof ActionId)[keyof typeof ActionId];

/**
 * `block_id` of each block whose state or actions a listener reads. Input values arrive as
 * `view.state.values[blockId][actionId]`, and `response_action: 'errors'` is keyed by block id.
 */
export const BlockId = {
  devices: 'devices',
  reason: 'reason',
  tokenCode: 'token_code',
  denyReason: 'deny_reason',
  approvalActions: 'approval_actions',
} as const;
export type BlockId = (typeof BlockId)[keyof typeof BlockId];
