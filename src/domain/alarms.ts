import type { UnaccountedReset } from './account-trail.js';
import type { ResetRequest } from './request.js';

/** Where an event sits in the audit chain: shown so it can be checked from outside the table. */
export interface ChainPosition {
  readonly seq: number;
  readonly hash: string;
}

/**
 * What the bot raises an alarm about: the approvals channel and every auditor hear of it once.
 * Each kind carries what identifies it, so that two replicas agree on "the same" alarm.
 */
export type AuditAlarm =
  | {
      readonly kind: 'chain-broken';
      /** The first event whose content, link or presence is wrong. */
      readonly firstBadSeq: number;
      readonly problem: string;
      /** The last event verified intact before it. */
      readonly verifiedSeq: number;
    }
  | { readonly kind: 'cloudtrail-mismatch'; readonly reset: UnaccountedReset }
  /** An approver device locked after repeated wrong codes (APPROVER_DEVICE_LOCKED). */
  | {
      readonly kind: 'device-locked';
      readonly approverSlackId: string;
      readonly mfaSerial: string;
      readonly until: string;
      readonly anchor?: ChainPosition;
    }
  /**
   * A reset interrupted between deactivating virtual devices and deleting them (DEVICE_NOT_DELETED):
   * the devices stay in the account, and re-enrolling under their names fails until they are deleted.
   */
  | {
      readonly kind: 'devices-not-deleted';
      readonly request: ResetRequest;
      readonly serials: readonly string[];
      readonly anchor?: ChainPosition;
    }
  /**
   * A reset completed and its IAM user enrolled no new MFA device by the deadline
   * (`requests.enrolWithinHours`, MFA_NOT_ENROLLED): the user is still without MFA.
   */
  | {
      readonly kind: 'enrolment-overdue';
      readonly request: ResetRequest;
      readonly completedAt: string;
      readonly deadline: string;
      readonly anchor?: ChainPosition;
    }
  /** A request closed because its item no longer matched its record (REQUEST_TAMPERED). */
  | {
      readonly kind: 'request-tampered';
      readonly request: ResetRequest;
      /** What differed: request facts (domain/request-facts.ts), `record` or `mapping`. */
      readonly facts: readonly string[];
      readonly anchor?: ChainPosition;
    };
