import type { AuditAlarm } from '../domain/alarms.js';
import type { AuditEventDraft } from '../domain/audit.js';
import { toResetError } from '../domain/errors.js';
import { createAuditEvents } from './audit-events.js';
import { currentAuditors } from './auditors.js';
import type { AlarmClaims, Clock, Directory, IdGenerator, Logger, Notifier, Store } from './ports.js';
import type { ResetRules } from './service-deps.js';

export interface AlarmDeps {
  readonly alarmClaims: AlarmClaims;
  /** Where the detection lines go, whatever LOG_LEVEL says: the stack's metric filters count them. */
  readonly alarmLog: Logger;
  readonly store: Pick<Store, 'appendAudit'>;
  readonly notifier: Pick<Notifier, 'postAlarm' | 'sendAlarmTo'>;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly rules: ResetRules;
  readonly logger: Logger;
}

/** Something a check found that people must hear of. */
export interface Detection {
  /** Names the alarm the same way on every replica: a chain break's first bad event, a CloudTrail event. */
  readonly key: string;
  /** The detection line's message and facts. */
  readonly message: string;
  readonly facts: object;
  readonly alarm: AuditAlarm;
  /** The audit event it is recorded as; its type is also the detection line's `eventType`. */
  readonly event: AuditEventDraft;
  /**
   * The event is in the chain already, written by the conditional write that chose this replica to
   * raise the alarm (an overdue enrolment): delivered, not audited again.
   */
  readonly recorded?: boolean;
}

/**
 * A delivered alarm is not repeated for a day; one still detected after that is delivered again.
 * So a claim copied from an earlier delivery of the same alarm holds back a new one for a day at
 * most, and a CloudTrail event (looked back on for a day) is never delivered twice by one replica.
 */
export const ALARM_CLAIM_MS = 24 * 60 * 60_000;

/**
 * Raises alarms that a write to the table cannot silence. Every detection first logs its line
 * (`"alarm": true` and the event type: what the stack's metric filter counts), then, unless a bot
 * has already delivered it, posts it to the approvals channel and every auditor, audits it, and
 * only then claims it (AlarmClaims: a claim nobody but a bot can write). Two replicas detecting
 * at once may both deliver it: an alarm can arrive twice, never zero times. A failed message or
 * audit write is logged and the rest still goes out: an alarm that reaches fewer people is better
 * than none.
 */
export function createAlarmRaiser(deps: AlarmDeps) {
  /** Alarms this process is delivering now: checks of one process running at once deliver once. */
  const delivering = new Set<string>();

  /**
   * Logs every detection, then delivers each in turn (so a slow Slack holds back no detection
   * line); returns whether this call delivered each.
   */
  async function raiseAll(detections: readonly Detection[]): Promise<boolean[]> {
    for (const detection of detections) logDetection(detection);
    const delivered: boolean[] = [];
    for (const detection of detections) delivered.push(await deliverOnce(detection));
    return delivered;
  }

  function logDetection(detection: Detection): void {
    deps.alarmLog.error(
      { alarm: true, eventType: detection.event.type, alarmKey: detection.key, ...detection.facts },
      detection.message,
    );
  }

  async function deliverOnce(detection: Detection): Promise<boolean> {
    if (delivering.has(detection.key)) return false;
    delivering.add(detection.key);
    try {
      const logger = deps.logger.child({ alarm: detection.key });
      if (await deliveredBefore(detection.key)) {
        logger.info({}, 'alarm already delivered: not repeated');
        return false;
      }
      const told = await deliver(detection.alarm, logger);
      if (detection.recorded !== true) {
        await deps.store
          .appendAudit([detection.event])
          .catch((error: unknown) =>
            logger.error({ code: toResetError(error).code, err: error }, 'could not audit the alarm'),
          );
      }
      // Nobody told: no claim, so that the next check tries again.
      if (told) await claim(detection.key, logger);
      if (told) logger.info({}, 'alarm delivered');
      else logger.error({}, 'alarm reached nobody: the next check tries again');
      return told;
    } finally {
      delivering.delete(detection.key);
    }
  }

  /** A claim that cannot be read does not hold the alarm back. */
  function deliveredBefore(key: string): Promise<boolean> {
    return deps.alarmClaims.delivered(key, deps.clock.now()).catch((error: unknown) => {
      deps.logger.error(
        { alarm: key, code: toResetError(error).code, err: error },
        'could not read the alarm claim',
      );
      return false;
    });
  }

  async function claim(key: string, logger: Logger): Promise<void> {
    const now = deps.clock.now();
    await deps.alarmClaims
      .recordDelivered(key, {
        at: now.toISOString(),
        until: new Date(now.getTime() + ALARM_CLAIM_MS).toISOString(),
      })
      .catch((error: unknown) =>
        logger.error({ code: toResetError(error).code, err: error }, 'could not record the alarm claim'),
      );
  }

  /** To the approvals channel and every auditor; whether anyone was told. */
  async function deliver(alarm: AuditAlarm, logger: Logger): Promise<boolean> {
    const posted = await deps.notifier.postAlarm(alarm).then(
      () => true,
      (error: unknown) => {
        logger.error(
          { code: toResetError(error).code, err: error },
          'could not post the alarm to the channel',
        );
        return false;
      },
    );
    const auditors = await currentAuditors(deps).catch((error: unknown) => {
      logger.error(
        { code: toResetError(error).code, err: error },
        'could not list the auditors for the alarm',
      );
      return deps.rules.auditors.users;
    });
    const sent = await Promise.all(
      auditors.map((auditor) =>
        alarmAuditor(deps, { auditor, alarm, logger }).catch((error: unknown) => {
          logger.error({ auditor, code: toResetError(error).code, err: error }, 'could not send the alarm');
          return false;
        }),
      ),
    );
    return posted || sent.includes(true);
  }

  return {
    raiseAll,
    /** One detection: whether this call delivered it. */
    raise: async (detection: Detection): Promise<boolean> => (await raiseAll([detection]))[0] ?? false,
  };
}

export type AlarmRaiser = ReturnType<typeof createAlarmRaiser>;

/**
 * The alarm in one auditor's DMs; whether it was sent. An auditor whose Slack account is
 * deactivated is skipped, audited.
 */
async function alarmAuditor(
  deps: AlarmDeps,
  input: { auditor: string; alarm: AuditAlarm; logger: Logger },
): Promise<boolean> {
  // When Slack cannot say, the alarm goes out: one sent to nobody is better than one held back.
  const deactivated = await deps.directory.isDeactivated(input.auditor, 'decision').catch(() => false);
  if (!deactivated) {
    await deps.notifier.sendAlarmTo(input.auditor, input.alarm);
    return true;
  }
  input.logger.info({ member: input.auditor }, 'member deactivated: alarm DM skipped');
  const skipped = createAuditEvents(deps).notificationSkipped({
    what: 'alarm DM',
    slackUserId: input.auditor,
  });
  await deps.store.appendAudit([skipped]);
  return false;
}
