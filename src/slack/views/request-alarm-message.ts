import type { AuditAlarm } from '../../domain/alarms.js';
import { cliCommand } from '../../domain/cli-command.js';
import { anchorLine } from './approval-message.js';
import { context, header, type SlackMessage, section } from './blocks.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';

/** Readable names of the facts of a request that can be found edited. */
const factWords: Readonly<Record<string, string>> = {
  requesterSlackId: 'requester',
  targetSlackUserId: 'member',
  iamUserName: 'IAM user',
  serials: 'devices',
  kinds: 'device kinds',
  reason: 'reason',
  expiresAt: 'expiry',
  record: 'audit record of its creation',
  mapping: 'member’s IAM user mapping',
};

type RequestAlarm = Extract<
  AuditAlarm,
  { kind: 'device-locked' | 'request-tampered' | 'devices-not-deleted' | 'enrolment-overdue' }
>;

/**
 * The alarms about requests (a locked approver device, a tampered request, virtual devices a crash
 * left in the account): something an attacker may be doing or a person must repair, posted as a
 * message of its own so it is seen (not folded into a request's message), with where it sits in
 * the audit chain.
 */
export function requestAlarmMessage(alert: RequestAlarm): SlackMessage {
  const anchor = alert.anchor === undefined ? [] : [context(anchorLine(alert.anchor))];
  if (alert.kind === 'device-locked') {
    const device = `\`${escapeMrkdwn(alert.mfaSerial, 300)}\``;
    return {
      text: `Approver MFA device locked after repeated wrong codes (${mention(alert.approverSlackId)})`,
      blocks: [
        header(':lock: Approver MFA device locked'),
        section(
          `Too many wrong codes came from ${device}, the bot MFA device of ${mention(alert.approverSlackId)}. ` +
            `The bot refuses its codes until ${slackDate(alert.until)}, without asking AWS.`,
        ),
        section(
          'If that approver did not type these codes, their Slack account may be in someone else’s hands: check it with them.',
        ),
        ...anchor,
      ],
    };
  }
  if (alert.kind === 'devices-not-deleted') return devicesNotDeletedMessage(alert);
  if (alert.kind === 'enrolment-overdue') return enrolmentOverdueMessage(alert);
  const what = alert.facts.map((fact) => factWords[fact] ?? fact).join(', ');
  const request = alert.request;
  return {
    text: `Request ${escapeMrkdwn(request.id, 200)} was changed outside the bot and has been closed`,
    blocks: [
      header(':rotating_light: Reset request tampered with'),
      section(
        `Request \`${escapeMrkdwn(request.id, 200)}\` for IAM user \`${escapeMrkdwn(request.target.iamUserName, 200)}\` ` +
          `no longer matched its audit record (${escapeMrkdwn(what, 500)}). It was closed as failed and nothing was reset.`,
      ),
      section(
        `Someone wrote the bot’s DynamoDB table directly: treat it as a security incident, and run \`${cliCommand('audit verify')}\`.`,
      ),
      ...anchor,
    ],
  };
}

function devicesNotDeletedMessage(
  alert: Extract<RequestAlarm, { kind: 'devices-not-deleted' }>,
): SlackMessage {
  const { request } = alert;
  const devices = alert.serials.map((serial) => `\`${escapeMrkdwn(serial, 300)}\``).join(', ');
  const anchor = alert.anchor === undefined ? [] : [context(anchorLine(alert.anchor))];
  return {
    text: `Request ${escapeMrkdwn(request.id, 200)} left virtual MFA devices in the account`,
    blocks: [
      header(':warning: Virtual MFA devices left undeleted'),
      section(
        `Request \`${escapeMrkdwn(request.id, 200)}\` for IAM user \`${escapeMrkdwn(request.target.iamUserName, 200)}\` ` +
          `was interrupted after deactivating ${devices} and before deleting them. ` +
          'They are no longer attached to the user but still exist in the account: the request is unfinished.',
      ),
      section(
        'Until they are deleted (DeleteVirtualMFADevice, with MFA), enrolling a new virtual device under the same name fails with EntityAlreadyExists. ' +
          'An approver deletes them with *Finish the reset* on the request’s message in this channel (it asks for their code).',
      ),
      ...anchor,
    ],
  };
}

function enrolmentOverdueMessage(alert: Extract<RequestAlarm, { kind: 'enrolment-overdue' }>): SlackMessage {
  const { request } = alert;
  const user = `\`${escapeMrkdwn(request.target.iamUserName, 200)}\``;
  const anchor = alert.anchor === undefined ? [] : [context(anchorLine(alert.anchor))];
  return {
    text: `IAM user ${user} is still without MFA after its reset`,
    blocks: [
      header(':warning: IAM user still without MFA'),
      section(
        `The MFA reset of IAM user ${user} (request \`${escapeMrkdwn(request.id, 200)}\`) completed ${slackDate(alert.completedAt)}, ` +
          `and no new MFA device was enrolled by ${slackDate(alert.deadline)}: the user has no MFA at all. ` +
          `The member is ${mention(request.target.slackUserId)}.`,
      ),
      section(
        'Reach the member and have them enrol a device now (IAM console → Security credentials → Assign MFA device). ' +
          'If they cannot be reached, disable the user’s console password and access keys until they do.',
      ),
      ...anchor,
    ],
  };
}
