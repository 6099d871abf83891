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
  /** A member with IAM users in several AWS accounts picks one before the request form. */
  accountChoiceModal: 'mfa_reset.account_choice_modal',
  messageModal: 'mfa_reset.message_modal',
  approveModal: 'mfa_reset.approve_modal',
  /** "Finish the reset": the approver's code, to delete what a crash left. */
  finishModal: 'mfa_reset.finish_modal',
  denyModal: 'mfa_reset.deny_modal',
  /** `/mfa-reset audit` without arguments: the filters. */
  auditFilterModal: 'mfa_reset.audit_filter_modal',
  /** A page of audit events, replaced in place by the next page. */
  auditResultsModal: 'mfa_reset.audit_results_modal',
  /** One request's events, pushed over the results. */
  auditTimelineModal: 'mfa_reset.audit_timeline_modal',
} as const;
export type CallbackId = (typeof CallbackId)[keyof typeof CallbackId];

/** `action_id` of each interactive element (buttons in messages, inputs in modals). */
export const ActionId = {
  /** Approve button on the approval message; its value is the request id. */
  approve: 'mfa_reset.approve',
  /** Deny button on the approval message; its value is the request id. */
  deny: 'mfa_reset.deny',
  /** "Finish the reset" on the approval message of an UNFINISHED request; its value is the request id. */
  finishReset: 'mfa_reset.finish_reset',
  /** Cancel button in the requester's and the target member's DMs; its value is the request id. */
  cancelRequest: 'mfa_reset.cancel',
  /** Confirm and Reject in a confirmer's DM (`verification: confirm`); their value is the request id. */
  confirmRequest: 'mfa_reset.confirm',
  rejectRequest: 'mfa_reset.reject',
  /** One account's IAM user in the account choice; its value is the request form's metadata (JSON). */
  chooseAccount: 'mfa_reset.choose_account',
  devices: 'devices',
  reason: 'reason',
  tokenCode: 'token_code',
  denyReason: 'deny_reason',
  /** How the approver verified the person (a rule with `verification: attest`): a select and a note. */
  attestationMethod: 'attestation_method',
  attestationNote: 'attestation_note',
  /** "More" on the audit results; its value is the page cursor, the filter is in private_metadata. */
  auditMore: 'mfa_reset.audit_more',
  /** "Timeline" beside an event of a request; its value is the request id. */
  auditTimeline: 'mfa_reset.audit_timeline',
  /** Export buttons on the audit results; the filter is in private_metadata. */
  auditExportJsonl: 'mfa_reset.audit_export_jsonl',
  auditExportCsv: 'mfa_reset.audit_export_csv',
  auditIamUser: 'audit_iam_user',
  auditMember: 'audit_member',
  auditRequestId: 'audit_request_id',
  auditDays: 'audit_days',
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
  /** The attestation's method; a VERIFICATION_REQUIRED error is shown beside it. */
  attestation: 'attestation_method',
  attestationNote: 'attestation_note',
  approvalActions: 'approval_actions',
  finishActions: 'finish_actions',
  cancelActions: 'cancel_actions',
  confirmActions: 'confirm_actions',
  auditIamUser: 'audit_iam_user',
  auditMember: 'audit_member',
  auditRequestId: 'audit_request_id',
  auditDays: 'audit_days',
  auditPaging: 'audit_paging',
} as const;
export type BlockId = (typeof BlockId)[keyof typeof BlockId];
