import type { AuditEvent } from './audit.js';
import type { Approval } from './request.js';

/**
 * The approvals a request has, as its hashed APPROVAL_RECORDED (and REQUEST_APPROVED) events say. The request item's
 * `approvals` list is rewritten whole by the store and sits outside the chain: it only repeats
 * these, and where it says anything else it was written behind the bot's back.
 */
export function approvalsOfEvents(events: readonly AuditEvent[]): Approval[] {
  // The final approval's REQUEST_APPROVED counts too; a confirmation, read beside them, does not.
  return events
    .filter((event) => event.type === 'APPROVAL_RECORDED' || event.type === 'REQUEST_APPROVED')
    .map((event) => ({
      slackUserId: event.actor.slackUserId ?? '',
      at: event.at,
      ...(event.mfaSerial === undefined ? {} : { mfaSerial: event.mfaSerial }),
    }));
}

/** Whether the listed approvals are the recorded ones: the same approvers with the same devices, in order. */
export function sameApprovals(listed: readonly Approval[], recorded: readonly Approval[]): boolean {
  return (
    listed.length === recorded.length &&
    listed.every(
      (approval, index) =>
        approval.slackUserId === recorded[index]!.slackUserId &&
        approval.mfaSerial === recorded[index]!.mfaSerial,
    )
  );
}

/** The approvers a list names, for a person to read (`erin,frank`). */
export function approversNamed(approvals: readonly Approval[]): string {
  return approvals.map((approval) => approval.slackUserId).join(',');
}

/** The confirmation a request has, as its hashed REQUEST_CONFIRMED event says (undefined: none). */
export function confirmationOfEvents(
  events: readonly AuditEvent[],
): { readonly by: string; readonly at: string } | undefined {
  const confirmed = events.find((event) => event.type === 'REQUEST_CONFIRMED');
  return confirmed === undefined ? undefined : { by: confirmed.actor.slackUserId ?? '', at: confirmed.at };
}
