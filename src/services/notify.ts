import type { AuditAlarm } from '../domain/alarms.js';
import { toResetError } from '../domain/errors.js';
import { isFinal, type MemberDm, type ResetRequest } from '../domain/request.js';
import type { AuditEvents } from './audit-events.js';
import type { ChainPosition, Directory, Logger, Notifier, Store, WrittenEvents } from './ports.js';

type NotifyDeps = { store: Store; logger: Logger; events: AuditEvents };

/**
 * Runs a notification whose failure must not undo what has already happened (the reset is done,
 * the request is recorded) but must not vanish either: it is logged and audited.
 */
export async function notifyOrRecord(
  deps: NotifyDeps,
  request: ResetRequest,
  what: string,
  send: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    const coded = toResetError(error);
    deps.logger.error({ requestId: request.id, code: coded.code, what, err: error }, 'notification failed');
    try {
      await deps.store.appendAudit([deps.events.notificationFailed(request, { what, code: coded.code })]);
    } catch (auditError) {
      deps.logger.error(
        { requestId: request.id, err: auditError },
        'could not audit the failed notification',
      );
    }
    return false;
  }
}

/** The last event of a write, to show where the request's record ends in the chain. */
export function anchorOf(written: WrittenEvents | undefined): ChainPosition | undefined {
  const last = written?.at(-1);
  return last === undefined ? undefined : { seq: last.seq, hash: last.hash };
}

export type DmDeps = NotifyDeps & { notifier: Notifier; directory: Directory };

/**
 * Direct messages about the request's current state: to its requester and, for a request made for
 * someone else, to that member too. A member whose Slack account is deactivated is not written to;
 * that is audited (NOTIFICATION_SKIPPED) instead. Returns the DMs sent.
 */
export async function notifyMembers(deps: DmDeps, request: ResetRequest): Promise<MemberDm[]> {
  const sends: Promise<MemberDm | undefined>[] = [
    directMessage(deps, request, {
      member: request.requesterSlackId,
      what: 'requester DM',
      send: () => deps.notifier.notifyRequester(request),
    }),
  ];
  if (request.target.slackUserId !== request.requesterSlackId) {
    sends.push(
      directMessage(deps, request, {
        member: request.target.slackUserId,
        what: 'target DM',
        send: () => deps.notifier.notifyTarget(request),
      }),
    );
  }
  return (await Promise.all(sends)).filter((sent) => sent !== undefined);
}

/**
 * The approver whose final approval a stopped bot was carrying out (the request's decision): once
 * the reconciler has closed the request from IAM's state, they hear what became of their approval,
 * which their modal ("Working on it…") never showed.
 */
export async function notifyInterruptedApprover(deps: DmDeps, request: ResetRequest): Promise<void> {
  const approver = request.decision?.by;
  if (approver === undefined) return;
  await directMessage(deps, request, {
    member: approver,
    what: 'approver DM',
    send: () => deps.notifier.notifyApprover(approver, request),
  });
}

/** One DM about the request, unless Slack reports the member deactivated (then audited as skipped). */
export async function directMessage(
  deps: DmDeps,
  request: ResetRequest,
  dm: { member: string; what: string; send: () => Promise<MemberDm> },
): Promise<MemberDm | undefined> {
  let sent: MemberDm | undefined;
  await notifyOrRecord(deps, request, dm.what, async () => {
    // Read fresh: DMs are few, and one sent to a member who just left goes to nobody who should read it.
    if (!(await deps.directory.isDeactivated(dm.member, 'decision'))) {
      sent = await dm.send();
      return;
    }
    deps.logger.info(
      { requestId: request.id, member: dm.member, what: dm.what },
      'member deactivated: DM skipped',
    );
    await deps.store.appendAudit([
      deps.events.notificationSkipped({ what: dm.what, slackUserId: dm.member, request }),
    ]);
  });
  return sent;
}

/**
 * The DMs sent while the request was pending carry a Cancel button: once it is not, each is
 * rewritten to the request's current state, so no button stays on a request that cannot be cancelled.
 */
function rewritePendingDms(deps: DmDeps, request: ResetRequest): Promise<unknown> {
  return Promise.all(
    (request.memberDms ?? []).map((dm) =>
      notifyOrRecord(deps, request, 'DM rewrite', () => deps.notifier.rewriteMemberDm(request, dm)),
    ),
  );
}

/**
 * Shows a request's current state where people look: the approval message, updated in place (with
 * the chain position of `written`'s last event once the request has ended), and (once decided) DMs
 * to the requester and the member it is for.
 */
export async function reportOutcome(
  deps: DmDeps & { requestChanged?: (request: ResetRequest) => void },
  request: ResetRequest,
  written?: WrittenEvents,
): Promise<void> {
  const anchor = isFinal(request.state) ? anchorOf(written) : undefined;
  deps.requestChanged?.(request);
  // Independent messages: sent together, so the approver's answer does not wait for them in turn.
  await Promise.all([
    updateApprovalMessage(deps, request, anchor),
    request.state === 'PENDING' ? undefined : notifyMembers(deps, request),
    request.state === 'PENDING' ? undefined : rewritePendingDms(deps, request),
  ]);
}

/**
 * An outcome IAM carried out but the audit trail could not record: shown in the approval message
 * only, so approvers see it was done. The members are told once, by the reconciler that records it.
 */
export function reportUnrecordedOutcome(deps: DmDeps, request: ResetRequest): Promise<void> {
  return updateApprovalMessage(deps, request, undefined);
}

async function updateApprovalMessage(
  deps: DmDeps,
  request: ResetRequest,
  anchor: ChainPosition | undefined,
): Promise<void> {
  if (request.approvalMessage === undefined) return;
  await notifyOrRecord(deps, request, 'approval message update', () =>
    deps.notifier.updateApprovalRequest(request, anchor),
  );
}

/**
 * An alarm about `request` in the approvals channel (raised once by construction: the write that
 * locked the device or closed the request is the one that raises it); a failure to post it is
 * audited, not thrown.
 */
export function raiseAlarm(
  deps: NotifyDeps & { notifier: Notifier },
  request: ResetRequest,
  alarm: AuditAlarm,
): Promise<boolean> {
  return notifyOrRecord(deps, request, `alarm: ${alarm.kind}`, () => deps.notifier.postAlarm(alarm));
}
