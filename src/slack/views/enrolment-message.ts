import { describeDeviceKind } from '../../domain/devices.js';
import type { EnrolmentNews } from '../../domain/enrolment.js';
import type { ResetRequest } from '../../domain/request.js';
import { context, requestIdContext, type SlackMessage, section } from './blocks.js';
import { enrolNewDevice } from './request-dm.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

type Enrolled = Extract<EnrolmentNews, { kind: 'enrolled' }>;

function deviceWords(news: Enrolled): string {
  const { device } = news;
  const enabled = device.enabledAt === undefined ? '' : `, enabled ${slackDate(device.enabledAt)}`;
  const from = news.sourceIp === undefined ? '' : ` from \`${escapeMrkdwn(news.sourceIp, 100)}\``;
  return `${describeDeviceKind(device.kind)} \`${escapeMrkdwn(device.serial, 300)}\`${enabled}${from}`;
}

/** In the approval message's thread: the reset is followed through, the user has MFA again. */
export function enrolmentThreadMessage(request: ResetRequest, news: EnrolmentNews): SlackMessage {
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  if (news.kind === 'reminder') {
    const text = `:hourglass_flowing_sand: IAM user ${user} has no MFA device yet; ${mention(request.target.slackUserId)} was reminded to enrol one before ${slackDate(news.deadline)}.`;
    return { text, blocks: [section(text), requestIdContext(request)] };
  }
  const text = `:white_check_mark: ${mention(request.target.slackUserId)} enrolled a new MFA device on IAM user ${user}: MFA is back.`;
  return {
    text,
    blocks: [
      section(`${text}\nDevice: ${deviceWords(news)}.`),
      context('Nothing more to do here. The audit trail records it as DEVICE_ENROLLED.'),
      requestIdContext(request),
    ],
  };
}

/** To the member the reset was for: their new device is active, or a reminder to enrol one. */
export function enrolmentDm(request: ResetRequest, news: EnrolmentNews): SlackMessage {
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  if (news.kind === 'reminder') {
    const text = `:bell: Your IAM user ${user} still has no MFA device since its reset.`;
    return {
      text,
      blocks: [
        section(text),
        section(
          `*What to do now*\n${enrolNewDevice} Do it before ${slackDate(news.deadline)}: ` +
            'after that, the approvers and the auditors are alerted that your user is without MFA.',
        ),
        requestIdContext(request),
      ],
    };
  }
  const text = `:white_check_mark: A new MFA device is active on your IAM user ${user}.`;
  return {
    text,
    blocks: [
      section(`${text}\nDevice: ${deviceWords(news)}.`),
      section(
        '*What to do now*\nNothing, if you enrolled it. If you did not, tell the approvers in the approvals channel at once: someone else may hold your account.',
      ),
      requestIdContext(request),
    ],
  };
}
