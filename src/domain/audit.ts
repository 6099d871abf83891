import type { DeviceKind } from './devices.js';
import type { ErrorCode } from './errors.js';

/**
 * One audit event per business event. Events are append-only; the store adds the sequence number
 * and the hash chaining each event to the previous one. Never put token codes, credentials or
 * Slack tokens in an event: the types below have no field that could hold them.
 */
export type AuditEventType =
  | 'REQUEST_REFUSED'
  | 'REQUEST_CREATED'
  | 'APPROVERS_NOTIFIED'
  | 'APPROVAL_REFUSED'
  | 'TOKEN_SUBMITTED'
  | 'TOKEN_REJECTED'
  | 'CODE_COUNT_DISAGREED'
  | 'APPROVER_DEVICE_LOCKED'
  | 'STEP_UP_FAILED'
  | 'APPROVAL_RECORDED'
  | 'REQUEST_APPROVED'
  | 'EXECUTION_STARTED'
  | 'DEVICE_DEACTIVATED'
  | 'DEVICE_DELETED'
  | 'DEVICE_RESET_FAILED'
  | 'REQUEST_COMPLETED'
  | 'REQUEST_FAILED'
  | 'REQUEST_DENIED'
  | 'REQUEST_CONFIRMED'
  | 'CONFIRMATION_REFUSED'
  | 'REQUEST_CANCELLED'
  | 'CANCEL_REFUSED'
  | 'APPROVERS_REMINDED'
  | 'REQUEST_EXPIRED'
  | 'REQUEST_RECONCILED'
  | 'REQUEST_UNFINISHED'
  | 'FINISH_STARTED'
  | 'REQUEST_TAMPERED'
  | 'DEVICE_ENROLLED'
  | 'ENROLMENT_REMINDED'
  | 'ENROLMENT_OVERDUE'
  | 'SUBMISSION_REPLAYED'
  | 'COMMANDS_LIMITED'
  | 'NOTIFICATION_FAILED'
  | 'NOTIFICATION_SKIPPED'
  | 'AUDIT_VIEWED'
  | 'AUDIT_REFUSED'
  | 'AUDIT_EXPORTED'
  | 'AUDIT_CHAIN_BROKEN'
  | 'CLOUDTRAIL_MISMATCH';

export type AuditOutcome = 'success' | 'refused' | 'failure' | 'info';

export interface AuditActor {
  /** `member` for a Slack member, `bot` for the bot acting on its own (expiry, reconciliation). */
  readonly kind: 'member' | 'bot';
  readonly slackUserId?: string;
}

export interface AuditTarget {
  readonly slackUserId?: string;
  readonly iamUserName?: string;
}

/** An event as the services write it; the store assigns sequence and hashes. */
export interface AuditEventDraft {
  readonly eventId: string;
  readonly type: AuditEventType;
  readonly at: string;
  readonly requestId?: string;
  readonly actor: AuditActor;
  readonly target?: AuditTarget;
  /** Device serials the event concerns. */
  readonly devices?: readonly string[];
  /** The kind of each of `devices`, in the same order (REQUEST_CREATED: what the reset will do). */
  readonly deviceKinds?: readonly DeviceKind[];
  readonly outcome: AuditOutcome;
  readonly errorCode?: ErrorCode;
  /** The MFA device whose code AWS accepted for an approval. */
  readonly mfaSerial?: string;
  /** Short free text a person wrote: the request or denial reason. */
  readonly reason?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** An event as stored: chained to its predecessor by `prevHash`. */
export interface AuditEvent extends AuditEventDraft {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}
