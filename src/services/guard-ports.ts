import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import type { FollowedEnrolment } from '../domain/enrolment.js';
import type { DeviceAttempts } from '../domain/lockout.js';

/**
 * The ports of the guards across requests (see ports.ts for the others): state the bot keeps
 * beside the audit chain, written with plain conditional writes so that it holds across replicas
 * and restarts.
 */

/**
 * The code attempts of each request, counted outside the request item (which is rewritten whole)
 * so that parallel submissions cannot overwrite each other's count. An attempt is taken before STS
 * sees a code; taken attempts are wrong codes plus codes still being checked.
 */
export interface TokenAttempts {
  /** Takes one of the request's `max` attempts; false, taking nothing, when none is left. */
  reserve(requestId: string, max: number): Promise<boolean>;
  /** Gives a taken attempt back: AWS accepted the code, or never judged it. */
  release(requestId: string): Promise<void>;
  /** Keeps a taken attempt as a wrong code; returns how many wrong codes the request has had. */
  recordWrong(requestId: string): Promise<number>;
}

/** Each approver device's recent wrong codes and codes in flight (see domain/lockout.ts). */
export interface DeviceLockouts {
  /**
   * Reads the device's record, applies `change`, and writes the new record only if nobody wrote it
   * meanwhile, starting again from a fresh read otherwise. Returns what `change` returned.
   */
  update<T>(
    serial: string,
    change: (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T },
  ): Promise<T>;
}

/** Slack deliveries already handled, kept for a while, across replicas. */
export interface Deliveries {
  /** True the first time `key` is claimed (a claim lasts until `until`); false for a repeat. */
  claim(key: string, at: { readonly now: Date; readonly until: Date }): Promise<boolean>;
}

/**
 * Which reminders of which requests have been sent, across replicas: one item per reminder, put
 * only if absent, so that whichever replica puts it sends that reminder and no other does. Kept
 * apart from the request, whose version a reminder must not change (an approval conditioned on
 * that version would fail as "already handled").
 */
export interface Reminders {
  /** True for the one caller that claims reminder `number` of the request; the claim lasts until `until`. */
  claim(requestId: string, number: number, until: Date): Promise<boolean>;
}

/**
 * The completed requests whose IAM user the bot follows until a new MFA device appears (see
 * domain/enrolment.ts). The store starts following a request in the very write that makes it
 * COMPLETED; each step after that is a write conditioned on the stage it was read at, with its
 * audit events in the same transaction, so that of several replicas exactly one takes it.
 */
export interface Enrolments {
  /** The requests followed now, the longest-completed first, at most `limit`. */
  followed(limit: number): Promise<FollowedEnrolment[]>;
  /**
   * Moves a followed request on from the stage it was read at: to `reminded`, or `settled` (no
   * longer followed), with `events`. Undefined, writing nothing, when another replica moved it first.
   */
  advance(
    followed: FollowedEnrolment,
    to: 'reminded' | 'settled',
    events: readonly AuditEventDraft[],
  ): Promise<readonly AuditEvent[] | undefined>;
}
