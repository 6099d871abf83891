import type { AuditActor, AuditEvent, AuditOutcome } from '../../domain/audit.js';
import type { RequestState, ResetRequest } from '../../domain/request.js';
import { escapeMrkdwn, formatUtc, mention } from './text.js';

/** The words of the audit views: one line per event, one line per request. */

const outcomeWords: Readonly<Record<AuditOutcome, string>> = {
  success: ':white_check_mark: success',
  refused: ':no_entry_sign: refused',
  failure: ':x: failure',
  info: ':information_source: info',
};

const stateWords: Readonly<Record<RequestState, string>> = {
  PENDING: ':hourglass_flowing_sand: pending',
  EXECUTING: ':gear: executing',
  UNFINISHED: ':warning: unfinished',
  COMPLETED: ':white_check_mark: completed',
  FAILED: ':x: failed',
  DENIED: ':no_entry: denied',
  CANCELLED: ':heavy_multiplication_x: cancelled',
  EXPIRED: ':hourglass: expired',
};

export function stateText(state: RequestState): string {
  return stateWords[state];
}

export function actorText(actor: AuditActor): string {
  return actor.kind === 'bot' || actor.slackUserId === undefined ? 'the bot' : mention(actor.slackUserId);
}

export function iamUserText(iamUserName: string | undefined): string {
  return iamUserName === undefined ? 'no IAM user' : `\`${escapeMrkdwn(iamUserName, 70)}\``;
}

/** What a detail of an event says, as text: a time in UTC, anything else as inert code. */
function detailText(event: AuditEvent, key: string): string | undefined {
  const value = event.details?.[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return formatUtc(value);
  return `\`${escapeMrkdwn(String(value), 100)}\``;
}

/**
 * The follow-through after a reset in words (DEVICE_ENROLLED, ENROLMENT_REMINDED, ENROLMENT_OVERDUE):
 * their facts are in `details`, which the generic line does not show.
 */
export function followThroughText(event: AuditEvent): string | undefined {
  const deadline = detailText(event, 'deadline');
  const completed = detailText(event, 'completedAt');
  switch (event.type) {
    case 'DEVICE_ENROLLED': {
      const enabled = detailText(event, 'enabledAt');
      const from = detailText(event, 'sourceIp');
      return [
        `new MFA device${event.deviceKinds?.[0] === undefined ? '' : ` (${event.deviceKinds[0]})`}`,
        ...(enabled === undefined ? [] : [`enabled ${enabled}`]),
        from === undefined ? 'source address not in CloudTrail' : `from ${from}`,
      ].join(' · ');
    }
    case 'ENROLMENT_REMINDED':
      return `member reminded to enrol a new MFA device by ${deadline ?? 'the deadline'}`;
    case 'ENROLMENT_OVERDUE':
      return `no new MFA device by ${deadline ?? 'the deadline'} (reset completed ${completed ?? 'earlier'}): the IAM user has no MFA`;
    default:
      return undefined;
  }
}

/** "2026-05-01 10:00 UTC · *REQUEST_APPROVED* · @erin · `alice` · success · `CODE`". */
export function eventLine(event: AuditEvent): string {
  const parts = [
    formatUtc(event.at),
    `*${event.type}*`,
    actorText(event.actor),
    iamUserText(event.target?.iamUserName),
    outcomeWords[event.outcome] ?? escapeMrkdwn(String(event.outcome), 20),
  ];
  if (event.errorCode !== undefined) parts.push(`\`${event.errorCode}\``);
  const followThrough = followThroughText(event);
  if (followThrough !== undefined) parts.push(followThrough);
  return parts.join(' · ');
}

/** The chain position people can quote and check: `#SEQ` and the start of the hash. */
export function chainPosition(event: Pick<AuditEvent, 'seq' | 'hash'>): string {
  return `#${event.seq} \`${escapeMrkdwn(String(event.hash).slice(0, 16), 20)}\``;
}

/** A timeline line: chain position, the event, and what it proves (device serials, approving device). */
export function timelineLine(event: AuditEvent): string {
  const extras: string[] = [];
  if (event.mfaSerial !== undefined) extras.push(`approved with \`${escapeMrkdwn(event.mfaSerial, 300)}\``);
  if (event.devices !== undefined && event.devices.length > 0 && event.mfaSerial === undefined) {
    extras.push(`device ${event.devices.map((serial) => `\`${escapeMrkdwn(serial, 300)}\``).join(', ')}`);
  }
  const extra = extras.length === 0 ? '' : `\n      ${extras.join(' · ')}`;
  return `${chainPosition(event)} ${eventLine(event)}${extra}`;
}

/** "• :white_check_mark: completed · `alice` · by @alice · 2026-05-01 10:00 UTC · `id`". */
export function requestLine(request: ResetRequest): string {
  return [
    `• ${stateText(request.state)}`,
    iamUserText(request.target.iamUserName),
    `by ${mention(request.requesterSlackId)}`,
    formatUtc(request.createdAt),
    `\`${escapeMrkdwn(request.id, 130)}\``,
  ].join(' · ');
}
