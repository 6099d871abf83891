import type { AuditEvent } from '../domain/audit.js';
import type { Logger } from '../services/ports.js';

/**
 * Each audit event, once written, is also one JSON log line with `"audit": true` and its
 * `eventType`: the contract the deployment's metric filters and alarms read (infra/lib/alarms.ts).
 * Only what identifies the event goes to the log; the trail keeps the rest (reasons, details).
 */
export function logWrittenEvents(logger: Logger, events: readonly AuditEvent[]): void {
  for (const event of events) {
    logger.info(
      {
        audit: true,
        eventType: event.type,
        seq: event.seq,
        outcome: event.outcome,
        ...(event.requestId !== undefined ? { requestId: event.requestId } : {}),
        ...(event.errorCode !== undefined ? { errorCode: event.errorCode } : {}),
        ...(event.actor.slackUserId !== undefined ? { actor: event.actor.slackUserId } : {}),
        ...(event.target?.iamUserName !== undefined ? { iamUserName: event.target.iamUserName } : {}),
      },
      'audit event',
    );
  }
}
