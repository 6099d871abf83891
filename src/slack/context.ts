import type { ApprovalService } from '../services/approval/service.js';
import type { AuditExport } from '../services/audit-export.js';
import type { AuditReview } from '../services/audit-review.js';
import type { CancelService } from '../services/cancel.js';
import type { CommandLimits } from '../services/command-limits.js';
import type { ConfirmationService } from '../services/confirmations.js';
import type { HomeService } from '../services/home.js';
import type { MemberRequests } from '../services/member-requests.js';
import type { Logger } from '../services/ports.js';
import type { ReplayGuard } from '../services/replays.js';
import type { RequestService } from '../services/requests.js';
import type { ResetRules } from '../services/service-deps.js';
import type { SubmissionWorkload } from './submission-workload.js';

/** What the listeners need: the use cases, the rules they render, and a logger. */
export interface ListenerContext {
  readonly requests: RequestService;
  readonly approvals: ApprovalService;
  /** Cancelling pending requests (button and `/mfa-reset cancel`). */
  readonly cancels: CancelService;
  readonly confirmations: ConfirmationService;
  /** A member's own requests, for `/mfa-reset status`. */
  readonly memberRequests: MemberRequests;
  /** Recognises Slack deliveries already handled (replays, retries). */
  readonly replays: ReplayGuard;
  /** Keys the digest of submitted values (they hold MFA codes); every replica must use the same. */
  readonly replayKeySecret: string;
  /** Auditors reviewing and exporting the trail. */
  readonly review: AuditReview;
  readonly exporter: AuditExport;
  /** App Home by role. */
  readonly home: HomeService;
  readonly rules: ResetRules;
  /** How many `/mfa-reset` commands each member may send in a minute. */
  readonly commandLimits: CommandLimits;
  readonly logger: Logger;
  /**
   * How long a modal submission may work before it is acknowledged with a "working on it" view
   * (Slack closes the connection after 3 s); the result then arrives by views.update and DM.
   */
  readonly submissionDeadlineMs: number;
  /** The modal submissions this bot is working on (see submission-workload.ts). */
  readonly submissions: SubmissionWorkload;
}
