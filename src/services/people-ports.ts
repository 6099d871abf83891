import type { AuditAlarm, ChainPosition } from '../domain/alarms.js';
import type { EnrolmentNews } from '../domain/enrolment.js';
import type { MemberDm, ResetRequest } from '../domain/request.js';

/**
 * The ports towards people: Slack's directory (who someone is, which groups they are in) and the
 * messages the bot sends them. Re-exported by ports.ts with the others.
 */

/** The e-mail on a member's Slack profile, and whether Slack says the member confirmed it. */
export interface ProfileEmail {
  readonly address: string;
  /** Slack's `is_email_confirmed`; false when Slack does not report it. */
  readonly confirmed: boolean;
}

/**
 * What a read of Slack's directory is for: a `decision` (who may approve, who may review the audit
 * trail) reads Slack itself; a `display` may be answered from a short cache.
 */
export type DirectoryUse = 'decision' | 'display';

/** Slack's view of people: profile e-mails, deactivated accounts and user-group membership. */
export interface Directory {
  /** Undefined for unknown, deactivated and bot accounts, and members without an e-mail. */
  profileEmail(slackUserId: string): Promise<ProfileEmail | undefined>;
  /**
   * Whether Slack reports the member's account as deactivated (`deleted` in users.info). A
   * `decision` asks Slack; a `display` (whether to send a DM) may reuse a reading for a short while.
   */
  isDeactivated(slackUserId: string, use: DirectoryUse): Promise<boolean>;
  /**
   * Members of a user group. A `decision` asks Slack every time, so that a member removed from a
   * group loses the access at once; a `display` may reuse a reading for a short while.
   */
  userGroupMembers(userGroupId: string, use: DirectoryUse): Promise<readonly string[]>;
}

/** Messages to people about a request. Implemented with Slack; rendering lives with the adapter. */
export interface Notifier {
  /** Posts the request with Approve / Deny buttons to the approvals channel. */
  postApprovalRequest(request: ResetRequest): Promise<{ channel: string; ts: string }>;
  /**
   * Rewrites the approval message in place to show the current state and outcome; `anchor` is the
   * request's last event, shown once the request has ended.
   */
  updateApprovalRequest(request: ResetRequest, anchor?: ChainPosition): Promise<void>;
  /** Direct message to the requester about the request's current state; returns where it is. */
  notifyRequester(request: ResetRequest): Promise<MemberDm>;
  /**
   * Direct message to the member a help-desk request is for (not its requester): who asked, and
   * the request's current state.
   */
  notifyTarget(request: ResetRequest): Promise<MemberDm>;
  /**
   * Direct message to the approver whose approval a stopped bot was carrying out: what became of
   * it, once the reconciler has closed the request from IAM's state.
   */
  notifyApprover(slackUserId: string, request: ResetRequest): Promise<MemberDm>;
  /** Direct message to a confirmer (`verification: confirm`): who asked for what, with Confirm and Reject. */
  askConfirmation(slackUserId: string, request: ResetRequest): Promise<MemberDm>;
  /** Rewrites a DM sent while the request was pending to its current state, Cancel button gone. */
  rewriteMemberDm(request: ResetRequest, dm: MemberDm): Promise<void>;
  /**
   * A reminder in the approval message's thread that the request still waits; `nextAt` is when
   * the next one falls, if before the request expires.
   */
  postReminder(request: ResetRequest, reminder: { number: number; nextAt?: string }): Promise<{ ts: string }>;
  /** What became of the member's new MFA device after the reset, in the approval message's thread. */
  postEnrolmentNews(request: ResetRequest, news: EnrolmentNews): Promise<void>;
  /** The same, or a reminder to enrol one, in the DMs of the member the request is for. */
  notifyMemberOfEnrolment(request: ResetRequest, news: EnrolmentNews): Promise<MemberDm>;
  /** Posts an alarm about the audit trail to the approvals channel. */
  postAlarm(alarm: AuditAlarm): Promise<void>;
  /** Sends the same alarm to one member in their direct messages. */
  sendAlarmTo(slackUserId: string, alarm: AuditAlarm): Promise<void>;
  /** Uploads a file into the member's direct messages with the bot, introduced by `comment`. */
  sendFileTo(
    slackUserId: string,
    file: {
      readonly filename: string;
      readonly title: string;
      readonly content: string;
      readonly comment: string;
    },
  ): Promise<void>;
}
