import type { AuditEvent } from '../domain/audit.js';
import type { Logger } from '../services/ports.js';

/** How much of an event's hash the log line carries: enough to match it, not to stand in for it. */
export const LOG_HASH_PREFIX_LENGTH = 16;

/**
 * The audit log line contract: one JSON line per stored event, `"audit": true` and `"eventType"`
 * plus the event's non-secret facts, written only once the event is in the table. Log pipelines
 * and metric filters depend on these names; the free-text reason stays in the table.
 */
export function logAuditEvents(logger: Logger, events: readonly AuditEvent[]): void {
  for (const event of events) {
    logger.info(
      {
        audit: true,
        eventType: event.type,
        seq: event.seq,
        hashPrefix: event.hash.slice(0, LOG_HASH_PREFIX_LENGTH),
        at: event.at,
        outcome: event.outcome,
        actor: event.actor,
        ...(event.requestId !== undefined ? { requestId: event.requestId } : {}),
        ...(event.target !== undefined ? { target: event.target } : {}),
        ...(event.devices !== undefined ? { devices: event.devices } : {}),
        ...(event.errorCode !== undefined ? { errorCode: event.errorCode } : {}),
        ...(event.mfaSerial !== undefined ? { mfaSerial: event.mfaSerial } : {}),
        ...(event.details !== undefined ? { details: event.details } : {}),
      },
      'audit event',
    );
  }
}
