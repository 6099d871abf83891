/** The Block Kit views of the bot: pure functions of data (the parsers of what comes back are in ../parse/). */

export { accountChoiceModal } from './account-choice.js';
export { alarmMessage } from './alarm-message.js';
export { type ApprovalMessageOptions, approvalMessage } from './approval-message.js';
export { type ApproveModalOptions, approveModal, type DecisionModalMetadata } from './approve-modal.js';
export { auditFilterModal } from './audit-filter-modal.js';
export { type AuditResultsPage, auditResultsModal } from './audit-results-modal.js';
export { auditTimelineModal, type TimelineContent } from './audit-timeline-modal.js';
export type { SlackMessage } from './blocks.js';
export { cancelButton } from './cancel-button.js';
export { cancelChoiceMessage, cancelledText } from './cancel-messages.js';
export { denyModal } from './deny-modal.js';
export { describeFilterProblem, errorText, inputErrors } from './error-text.js';
export { finishModal } from './finish-modal.js';
export { helpText } from './help-text.js';
export { homeView } from './home.js';
export { interruptedApprovalMessage } from './interrupted-approval-message.js';
export { loadingModal } from './loading-modal.js';
export { errorModal, type MessageModalContent, messageModal } from './message-modal.js';
export { type ApproverMentions, reminderMessage } from './reminder-message.js';
export { enrolNewDevice } from './request-dm.js';
export {
  deviceOptionValue,
  type RequestModalInput,
  type RequestModalMetadata,
  requestModal,
} from './request-modal.js';
export { requesterMessage } from './requester-message.js';
export { riskFactsBlocks } from './risk-facts.js';
export { ageText, statusMessage } from './status-message.js';
export { targetMessage } from './target-message.js';
export { BlockKitLimits, escapeMrkdwn, reasonMaxLength } from './text.js';
