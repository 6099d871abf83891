import type { AuditAlarm } from '../../../src/domain/alarms.js';
import type { EnrolmentNews } from '../../../src/domain/enrolment.js';
import { ResetError } from '../../../src/domain/errors.js';
import type { MemberDm, ResetRequest } from '../../../src/domain/request.js';
import type { ChainPosition, Notifier } from '../../../src/services/ports.js';
import { APPROVALS_CHANNEL } from './people.js';

export type NotificationKind =
  | 'approval-request'
  | 'approval-update'
  | 'requester-dm'
  | 'target-dm'
  | 'approver-dm'
  | 'confirmation-dm'
  | 'dm-rewrite'
  | 'reminder'
  | 'enrolment-thread'
  | 'enrolment-dm'
  | 'alarm'
  | 'file';

export interface SentFile {
  readonly to: string;
  readonly filename: string;
  readonly title: string;
  readonly content: string;
  readonly comment: string;
}

/** Records what people would have been told; each kind of message can be made to fail like Slack would. */
export class RecordingNotifier implements Notifier {
  readonly posted: ResetRequest[] = [];
  readonly updated: ResetRequest[] = [];
  readonly dms: ResetRequest[] = [];
  /** DMs to the member a help-desk request is for. */
  readonly targetDms: ResetRequest[] = [];
  /** DMs to approvers about what became of their approval, with whom. */
  readonly approverDms: Array<{ to: string; request: ResetRequest }> = [];
  readonly confirmationDms: Array<{ to: string; request: ResetRequest }> = [];
  /** Reminders posted in approval threads, with their numbers. */
  readonly reminders: Array<{ request: ResetRequest; number: number; nextAt?: string }> = [];
  /** What was said in approval threads about the member's new device. */
  readonly enrolmentPosts: Array<{ request: ResetRequest; news: EnrolmentNews }> = [];
  /** DMs to the member about their new device, or reminding them to enrol one. */
  readonly enrolmentDms: Array<{ to: string; request: ResetRequest; news: EnrolmentNews }> = [];
  /** The chain anchor shown with each update (undefined while the request is open). */
  readonly anchors: (ChainPosition | undefined)[] = [];
  /** Alarms posted to the approvals channel. */
  readonly alarms: AuditAlarm[] = [];
  /** Alarms sent to members, with whom. */
  readonly alarmDms: Array<{ to: string; alarm: AuditAlarm }> = [];
  readonly files: SentFile[] = [];
  /** DMs sent while a request was pending, rewritten once it was not. */
  readonly rewrittenDms: Array<{ request: ResetRequest; dm: MemberDm }> = [];
  /** Kinds of message that fail with SLACK_API_ERROR. */
  readonly failing = new Set<NotificationKind>();
  #nextTs = 1;

  async postApprovalRequest(request: ResetRequest): Promise<{ channel: string; ts: string }> {
    this.#failIfSwitchedOff('approval-request');
    this.posted.push(request);
    const ts = `1741000000.${String(this.#nextTs).padStart(6, '0')}`;
    this.#nextTs += 1;
    return { channel: APPROVALS_CHANNEL, ts };
  }

  async updateApprovalRequest(request: ResetRequest, anchor?: ChainPosition): Promise<void> {
    this.#failIfSwitchedOff('approval-update');
    this.updated.push(request);
    this.anchors.push(anchor);
  }

  async notifyRequester(request: ResetRequest): Promise<MemberDm> {
    this.#failIfSwitchedOff('requester-dm');
    this.dms.push(request);
    return this.#dm(request.requesterSlackId, this.dms.length);
  }

  async notifyTarget(request: ResetRequest): Promise<MemberDm> {
    this.#failIfSwitchedOff('target-dm');
    this.targetDms.push(request);
    return this.#dm(request.target.slackUserId, this.targetDms.length);
  }

  async notifyApprover(slackUserId: string, request: ResetRequest): Promise<MemberDm> {
    this.#failIfSwitchedOff('approver-dm');
    this.approverDms.push({ to: slackUserId, request });
    return this.#dm(slackUserId, this.approverDms.length);
  }

  async askConfirmation(slackUserId: string, request: ResetRequest): Promise<MemberDm> {
    this.#failIfSwitchedOff('confirmation-dm');
    this.confirmationDms.push({ to: slackUserId, request });
    return this.#dm(slackUserId, this.confirmationDms.length);
  }

  async rewriteMemberDm(request: ResetRequest, dm: MemberDm): Promise<void> {
    this.#failIfSwitchedOff('dm-rewrite');
    this.rewrittenDms.push({ request, dm });
  }

  #dm(slackUserId: string, number: number): MemberDm {
    return { slackUserId, channel: `D${slackUserId}`, ts: `1741000200.${String(number).padStart(6, '0')}` };
  }

  async postReminder(
    request: ResetRequest,
    reminder: { number: number; nextAt?: string },
  ): Promise<{ ts: string }> {
    this.#failIfSwitchedOff('reminder');
    this.reminders.push({ request, ...reminder });
    return { ts: `1741000100.${String(this.reminders.length).padStart(6, '0')}` };
  }

  async postEnrolmentNews(request: ResetRequest, news: EnrolmentNews): Promise<void> {
    this.#failIfSwitchedOff('enrolment-thread');
    this.enrolmentPosts.push({ request, news });
  }

  async notifyMemberOfEnrolment(request: ResetRequest, news: EnrolmentNews): Promise<MemberDm> {
    this.#failIfSwitchedOff('enrolment-dm');
    this.enrolmentDms.push({ to: request.target.slackUserId, request, news });
    return this.#dm(request.target.slackUserId, this.enrolmentDms.length);
  }

  async postAlarm(alarm: AuditAlarm): Promise<void> {
    this.#failIfSwitchedOff('alarm');
    this.alarms.push(alarm);
  }

  async sendAlarmTo(slackUserId: string, alarm: AuditAlarm): Promise<void> {
    this.#failIfSwitchedOff('alarm');
    this.alarmDms.push({ to: slackUserId, alarm });
  }

  async sendFileTo(
    slackUserId: string,
    file: { filename: string; title: string; content: string; comment: string },
  ): Promise<void> {
    this.#failIfSwitchedOff('file');
    this.files.push({ to: slackUserId, ...file });
  }

  #failIfSwitchedOff(kind: NotificationKind): void {
    if (this.failing.has(kind)) {
      throw new ResetError('SLACK_API_ERROR', `Slack refused the ${kind} (fake: channel_not_found).`);
    }
  }
}
