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

type RequestAlarm = Extract<AuditAlarm, { kind: 'device-locked' | 'request-tampered' }>;

/**
 * The alarms about requests (a locked approver device, a tampered request): something an attacker
 * may be doing, posted as a message of its own so it is seen (not folded into a request's message),
 * with where it sits in the audit chain.
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
