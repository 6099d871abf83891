import type { AuditAlarm } from '../domain/alarms.js';
import type { AuditEventDraft } from '../domain/audit.js';
import { toResetError } from '../domain/errors.js';
import { createAuditEvents } from './audit-events.js';
import { currentAuditors } from './auditors.js';
import type { AuditChain, Clock, Directory, IdGenerator, Logger, Notifier, Store } from './ports.js';
import type { ResetRules } from './service-deps.js';

export interface AlarmDeps {
  readonly chain: Pick<AuditChain, 'claimAlarm'>;
  readonly store: Pick<Store, 'appendAudit'>;
  readonly notifier: Pick<Notifier, 'postAlarm' | 'sendAlarmTo'>;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly rules: ResetRules;
  readonly logger: Logger;
}

/**
 * Raises an alarm once, whichever replica sees it first: the conditional claim on `key` decides
 * who raises it; the winner audits it, posts it to the approvals channel and sends it to every
 * auditor. A failed message or audit write is logged and the rest still goes out: an alarm that
 * reaches fewer people is better than none. Returns whether this call raised it.
 */
export async function raiseAlarmOnce(
  deps: AlarmDeps,
  input: { key: string; at: string; alarm: AuditAlarm; event: AuditEventDraft },
): Promise<boolean> {
  if (!(await deps.chain.claimAlarm(input.key, input.at))) return false;
  const logger = deps.logger.child({ alarm: input.key });
  logger.error({ kind: input.alarm.kind }, 'audit alarm raised');
  await deps.store
    .appendAudit([input.event])
    .catch((error: unknown) =>
      logger.error({ code: toResetError(error).code, err: error }, 'could not audit the alarm'),
    );
  await deps.notifier
    .postAlarm(input.alarm)
    .catch((error: unknown) =>
      logger.error({ code: toResetError(error).code, err: error }, 'could not post the alarm to the channel'),
    );
  const auditors = await currentAuditors(deps).catch((error: unknown) => {
    logger.error({ code: toResetError(error).code, err: error }, 'could not list the auditors for the alarm');
    return deps.rules.auditors.users;
  });
  await Promise.all(
    auditors.map((auditor) =>
      alarmAuditor(deps, { auditor, alarm: input.alarm, logger }).catch((error: unknown) =>
        logger.error({ auditor, code: toResetError(error).code, err: error }, 'could not send the alarm'),
      ),
    ),
  );
  return true;
}

/** The alarm in one auditor's DMs; an auditor whose Slack account is deactivated is skipped, audited. */
async function alarmAuditor(
  deps: AlarmDeps,
  input: { auditor: string; alarm: AuditAlarm; logger: Logger },
): Promise<void> {
  // When Slack cannot say, the alarm goes out: one sent to nobody is better than one held back.
  const deactivated = await deps.directory.isDeactivated(input.auditor, 'decision').catch(() => false);
  if (!deactivated) return deps.notifier.sendAlarmTo(input.auditor, input.alarm);
  input.logger.info({ member: input.auditor }, 'member deactivated: alarm DM skipped');
  const skipped = createAuditEvents(deps).notificationSkipped({
    what: 'alarm DM',
    slackUserId: input.auditor,
  });
  await deps.store.appendAudit([skipped]);
}
