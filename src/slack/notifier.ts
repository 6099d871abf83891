import type { webApi } from '@slack/bolt';
import type { MemberAccount } from '../domain/accounts.js';
import type { AuditAlarm } from '../domain/alarms.js';
import type { EnrolmentNews } from '../domain/enrolment.js';
import { ResetError } from '../domain/errors.js';
import type { MemberDm, ResetRequest } from '../domain/request.js';
import type { ChainPosition, Clock, Notifier } from '../services/ports.js';
import { slackApiError } from './errors.js';
import { type DmFile, type FileUploadClient, uploadToDm } from './file-upload.js';
import { alarmMessage } from './views/alarm-message.js';
import { approvalMessage } from './views/approval-message.js';
import type { SlackMessage } from './views/blocks.js';
import { confirmMessage } from './views/confirm-message.js';
import { enrolmentDm, enrolmentThreadMessage } from './views/enrolment-message.js';
import { interruptedApprovalMessage } from './views/interrupted-approval-message.js';
import { type ApproverMentions, reminderMessage } from './views/reminder-message.js';
import { requesterMessage } from './views/requester-message.js';
import { targetMessage } from './views/target-message.js';

/** The Web API methods the notifier calls; Bolt's `app.client` is one. */
export interface NotifierClient extends FileUploadClient {
  readonly chat: Pick<webApi.WebClient['chat'], 'postMessage' | 'update'>;
}

export interface SlackNotifierOptions {
  readonly client: NotifierClient;
  /** `slack.approvalChannel`: where requests are posted for the approvers. */
  readonly approvalChannel: string;
  /** `approvers.minApprovals`, shown on the message as "1 of 2" (a request's rule may need more). */
  readonly minApprovals: number;
  /** Who a reminder pings (`approvers.users` and `approvers.userGroups`), unless the request's rule names others. */
  readonly approvers?: ApproverMentions;
  /** To say whether a request's waiting period is over; the system clock when left out. */
  readonly clock?: Clock;
  /** The member accounts (`accounts:`), to name the account of a member account's user. */
  readonly accounts?: readonly Pick<MemberAccount, 'id' | 'name'>[];
}

/**
 * The `Notifier` port on Slack: the approval message in the approvals channel (posted once, then
 * rewritten in place as the request moves on) and direct messages to the requester.
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const { client, approvalChannel } = options;
  const clock = options.clock ?? { now: () => new Date() };
  /** What the request's rule needs; a request made before rules needs what the global settings say. */
  const approvalsNeeded = (request: ResetRequest) =>
    request.rule?.settings.minApprovals ?? options.minApprovals;
  const approversOf = (request: ResetRequest): ApproverMentions =>
    request.rule?.settings.approvers ?? options.approvers ?? { users: [], userGroups: [] };
  const named = options.accounts === undefined ? {} : { accounts: options.accounts };
  // Links in reasons stay links but are never unfurled into previews of someone else's choosing.
  const quiet = { unfurl_links: false, unfurl_media: false } as const;

  async function postApprovalRequest(request: ResetRequest): Promise<{ channel: string; ts: string }> {
    const message = approvalMessage(request, {
      approvalsNeeded: approvalsNeeded(request),
      now: clock.now(),
      ...named,
    });
    let response: webApi.ChatPostMessageResponse;
    try {
      response = await client.chat.postMessage({ channel: approvalChannel, ...message, ...quiet });
    } catch (error) {
      throw slackApiError('chat.postMessage', error);
    }
    if (response.channel === undefined || response.ts === undefined) {
      throw new ResetError('SLACK_API_ERROR', 'Slack chat.postMessage returned no channel or ts.', {
        details: { method: 'chat.postMessage', requestId: request.id },
      });
    }
    return { channel: response.channel, ts: response.ts };
  }

  async function updateApprovalRequest(request: ResetRequest, anchor?: ChainPosition): Promise<void> {
    const posted = request.approvalMessage;
    if (posted === undefined) {
      throw new ResetError('INTERNAL', `Request ${request.id} has no approval message to update.`, {
        details: { requestId: request.id },
      });
    }
    const message = approvalMessage(request, {
      approvalsNeeded: approvalsNeeded(request),
      now: clock.now(),
      ...named,
      ...(anchor === undefined ? {} : { anchor }),
    });
    try {
      await client.chat.update({ channel: posted.channel, ts: posted.ts, ...message });
    } catch (error) {
      throw slackApiError('chat.update', error);
    }
  }

  async function directMessage(slackUserId: string, message: SlackMessage): Promise<MemberDm> {
    let response: webApi.ChatPostMessageResponse;
    try {
      // A user id as channel posts in the bot's DM with that member; Slack answers with the DM's id.
      response = await client.chat.postMessage({ channel: slackUserId, ...message, ...quiet });
    } catch (error) {
      throw slackApiError('chat.postMessage', error);
    }
    return { slackUserId, channel: response.channel ?? slackUserId, ts: response.ts ?? '' };
  }

  /** The DM as its member would get it now: the requester's, or the one of the member it is for. */
  async function rewriteMemberDm(request: ResetRequest, dm: MemberDm): Promise<void> {
    const message =
      dm.slackUserId === request.requesterSlackId ? requesterMessage(request) : targetMessage(request);
    try {
      await client.chat.update({ channel: dm.channel, ts: dm.ts, ...message });
    } catch (error) {
      throw slackApiError('chat.update', error);
    }
  }

  /** In the approval message's thread, so the reminder sits with the request it is about. */
  async function postReminder(
    request: ResetRequest,
    reminder: { number: number; nextAt?: string },
  ): Promise<{ ts: string }> {
    const posted = request.approvalMessage;
    if (posted === undefined) {
      throw new ResetError('INTERNAL', `Request ${request.id} has no approval message to remind in.`, {
        details: { requestId: request.id },
      });
    }
    const message = reminderMessage(request, {
      approvalsNeeded: approvalsNeeded(request),
      approvers: approversOf(request),
      ...(reminder.nextAt === undefined ? {} : { nextAt: reminder.nextAt }),
    });
    let response: webApi.ChatPostMessageResponse;
    try {
      response = await client.chat.postMessage({
        channel: posted.channel,
        thread_ts: posted.ts,
        ...message,
        ...quiet,
      });
    } catch (error) {
      throw slackApiError('chat.postMessage', error);
    }
    return { ts: response.ts ?? '' };
  }

  /** In the approval message's thread: what became of the member's new device after the reset. */
  async function postEnrolmentNews(request: ResetRequest, news: EnrolmentNews): Promise<void> {
    const posted = request.approvalMessage;
    if (posted === undefined) {
      throw new ResetError('INTERNAL', `Request ${request.id} has no approval message to post in.`, {
        details: { requestId: request.id },
      });
    }
    try {
      await client.chat.postMessage({
        channel: posted.channel,
        thread_ts: posted.ts,
        ...enrolmentThreadMessage(request, news),
        ...quiet,
      });
    } catch (error) {
      throw slackApiError('chat.postMessage', error);
    }
  }

  async function post(channel: string, alarm: AuditAlarm): Promise<void> {
    try {
      await client.chat.postMessage({ channel, ...alarmMessage(alarm), ...quiet });
    } catch (error) {
      throw slackApiError('chat.postMessage', error);
    }
  }

  return {
    postApprovalRequest,
    updateApprovalRequest,
    notifyRequester: (request) => directMessage(request.requesterSlackId, requesterMessage(request)),
    notifyTarget: (request) => directMessage(request.target.slackUserId, targetMessage(request)),
    notifyApprover: (slackUserId, request) => directMessage(slackUserId, interruptedApprovalMessage(request)),
    askConfirmation: (slackUserId, request) => directMessage(slackUserId, confirmMessage(request)),
    rewriteMemberDm,
    postReminder,
    postEnrolmentNews,
    notifyMemberOfEnrolment: (request, news) =>
      directMessage(request.target.slackUserId, enrolmentDm(request, news)),
    postAlarm: (alarm) => post(approvalChannel, alarm),
    // A user id as channel posts in the bot's DM with that member.
    sendAlarmTo: (slackUserId, alarm) => post(slackUserId, alarm),
    sendFileTo: (slackUserId, file: DmFile) => uploadToDm(client, slackUserId, file),
  };
}
