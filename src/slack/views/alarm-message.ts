import { reasonText } from '../../domain/account-trail.js';
import { accountText } from '../../domain/accounts.js';
import type { AuditAlarm } from '../../domain/alarms.js';
import { cliCommand } from '../../domain/cli-command.js';
import { header, type SlackMessage, section } from './blocks.js';
import { requestAlarmMessage } from './request-alarm-message.js';
import { escapeMrkdwn, formatUtc, slackDate } from './text.js';

/** An alarm about the audit trail, for the approvals channel and each auditor's DMs. */
export function alarmMessage(alarm: AuditAlarm): SlackMessage {
  if (
    alarm.kind === 'device-locked' ||
    alarm.kind === 'request-tampered' ||
    alarm.kind === 'devices-not-deleted' ||
    alarm.kind === 'enrolment-overdue'
  ) {
    return requestAlarmMessage(alarm);
  }
  if (alarm.kind === 'chain-broken') {
    const text = `:rotating_light: The audit trail is broken at event ${alarm.firstBadSeq}.`;
    return {
      text,
      blocks: [
        header('Audit trail broken'),
        section(
          `${text} ${escapeMrkdwn(alarm.problem, 500)}\n` +
            `Events up to ${alarm.verifiedSeq} were verified intact. Treat this as a security incident: ` +
            `run \`${cliCommand('audit verify')}\`, and compare the trail with an earlier export (\`--anchor\`).`,
        ),
      ],
    };
  }
  const { reset } = alarm;
  const user =
    reset.iamUserName === undefined ? '' : ` of IAM user \`${escapeMrkdwn(reset.iamUserName, 70)}\``;
  const caller = reset.caller.arn ?? reset.caller.userName ?? 'an unknown caller';
  const where =
    reset.account === undefined
      ? 'the AWS account'
      : `AWS account ${escapeMrkdwn(accountText(reset.account.id, [reset.account]), 90)}`;
  const text = `:rotating_light: An MFA reset in ${where} is not accounted for by the audit trail.`;
  return {
    text,
    blocks: [
      header('MFA reset not accounted for'),
      section(
        `${text}\nCloudTrail recorded \`${reset.action}\` of \`${escapeMrkdwn(reset.serial, 300)}\`${user} ` +
          `${slackDate(reset.at)} by \`${escapeMrkdwn(caller, 300)}\`, and ${reasonText(reset)}.\n` +
          `CloudTrail event \`${escapeMrkdwn(reset.eventId, 100)}\` (${formatUtc(reset.at)}). ` +
          'Find out who made this change and why; if nobody can account for it, treat it as a security incident.',
      ),
    ],
  };
}
