import type { KnownBlock, ModalView } from '@slack/types';
import type { AuditEvent } from '../../domain/audit.js';
import type { ResetRequest } from '../../domain/request.js';
import { CallbackId } from '../ids.js';
import { iamUserText, stateText, timelineLine } from './audit-text.js';
import { context, linesSections, section } from './blocks.js';
import { deviceLines } from './devices.js';
import { modal } from './modal.js';
import { escapeMrkdwn, formatUtc, mention } from './text.js';

export interface TimelineContent {
  readonly requestId: string;
  readonly request?: ResetRequest;
  readonly events: readonly AuditEvent[];
  readonly truncated: boolean;
}

function summary(request: ResetRequest): string[] {
  const approvals = request.approvals.map(
    (a) =>
      `• ${mention(a.slackUserId)} ${formatUtc(a.at)}` +
      (a.mfaSerial === undefined
        ? ' (code not checked by STS)'
        : ` with device \`${escapeMrkdwn(a.mfaSerial, 300)}\``),
  );
  return [
    `*${stateText(request.state)}* · IAM user ${iamUserText(request.target.iamUserName)} · requested by ${mention(request.requesterSlackId)} ${formatUtc(request.createdAt)}`,
    `*Reason*\n${escapeMrkdwn(request.reason, 1000)}`,
    ...(approvals.length === 0 ? [] : ['*Approved by*', ...approvals]),
    ...(request.decision?.reason === undefined
      ? []
      : [`*Reason for the decision*\n${escapeMrkdwn(request.decision.reason, 1000)}`]),
  ];
}

/**
 * One request's whole story, pushed over the results: its state and approvals (with the device
 * that proved each), each device's outcome, then every event with its chain position (seq and hash
 * prefix) so it can be checked against an export or `audit verify --anchor`.
 */
export function auditTimelineModal(content: TimelineContent): ModalView {
  const blocks: KnownBlock[] = [section(`*Request* \`${escapeMrkdwn(content.requestId, 130)}\``)];
  if (content.request === undefined) {
    blocks.push(section(':warning: The trail names this request, but its request item is missing.'));
  } else {
    const [first = '', ...rest] = summary(content.request);
    blocks.push(...linesSections(first, rest));
    blocks.push(
      ...linesSections(`*MFA devices (${content.request.devices.length})*`, deviceLines(content.request)),
    );
  }
  blocks.push(
    ...linesSections(`*Events (${content.events.length})*, oldest first`, content.events.map(timelineLine)),
  );
  if (content.truncated) blocks.push(context('More events exist: export this request to see them all.'));
  return modal({ callbackId: CallbackId.auditTimelineModal, title: 'Request timeline', blocks });
}
