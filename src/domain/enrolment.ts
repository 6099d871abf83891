import { CLOCK_SKEW_MS } from './account-trail.js';
import type { MfaDevice } from './devices.js';
import type { ResetRequest } from './request.js';

/**
 * After a reset completes, its IAM user has no MFA until the member enrols a new device: the bot
 * follows the user for `requests.enrolWithinHours` (H). Pure rules; services/enrolments.ts does
 * the reads and writes.
 *
 *   completed ─┬─ a new device appears ───────────────────────────→ enrolled (DEVICE_ENROLLED)
 *              ├─ H/2 passes without one → reminded (ENROLMENT_REMINDED, a DM to the member)
 *              └─ H passes without one ──────────────────────────→ overdue (ENROLMENT_OVERDUE, alarm)
 */

/** Where a followed request stands: nothing said yet, or the member reminded once. */
export type EnrolmentStage = 'watching' | 'reminded';

/** A completed request whose IAM user the bot follows until a new device appears or time runs out. */
export interface FollowedEnrolment {
  readonly requestId: string;
  readonly iamUserName: string;
  /** When the request became COMPLETED (its `updatedAt` then). */
  readonly completedAt: string;
  readonly stage: EnrolmentStage;
}

/** What is due for a followed request at a given time. */
export type EnrolmentMilestone = 'none' | 'reminder' | 'deadline';

const HOUR_MS = 60 * 60_000;

export function enrolmentDeadline(completedAt: string, enrolWithinHours: number): Date {
  return new Date(Date.parse(completedAt) + enrolWithinHours * HOUR_MS);
}

export function reminderTimeOf(completedAt: string, enrolWithinHours: number): Date {
  return new Date(Date.parse(completedAt) + (enrolWithinHours * HOUR_MS) / 2);
}

/**
 * The milestone due at `now`: the deadline once H has passed (whether or not the reminder went out:
 * a bot that was down alarms, it does not remind late), the reminder from H/2 while not yet sent.
 */
export function dueMilestone(
  followed: FollowedEnrolment,
  now: Date,
  enrolWithinHours: number,
): EnrolmentMilestone {
  if (now.getTime() >= enrolmentDeadline(followed.completedAt, enrolWithinHours).getTime()) return 'deadline';
  if (
    followed.stage === 'watching' &&
    now.getTime() >= reminderTimeOf(followed.completedAt, enrolWithinHours).getTime()
  )
    return 'reminder';
  return 'none';
}

/**
 * The devices of the user that the member enrolled since the reset: enabled after it completed
 * (less the clocks' skew) and not one the reset took away, except a virtual device the reset
 * deleted, whose name a new device may take again (it has a new secret). A reset hardware token or
 * security key attached again is the same device, not a new one. A device whose enable date IAM
 * does not give cannot be placed in time and does not count.
 */
export function newDevicesSince(
  request: ResetRequest,
  completedAt: string,
  devices: readonly MfaDevice[],
): MfaDevice[] {
  const after = Date.parse(completedAt) - CLOCK_SKEW_MS;
  const deleted = new Set((request.outcomes ?? []).filter((o) => o.deleted).map((o) => o.serial));
  const reset = new Set(request.devices.map((device) => device.serial));
  return devices.filter((device) => {
    if (device.enabledAt === undefined || Date.parse(device.enabledAt) < after) return false;
    return !reset.has(device.serial) || deleted.has(device.serial);
  });
}

/** What the bot says about a followed request, in the approval thread and to the member. */
export type EnrolmentNews =
  | {
      readonly kind: 'enrolled';
      readonly device: MfaDevice;
      /** The address the EnableMFADevice call came from, when the account's CloudTrail had it. */
      readonly sourceIp?: string;
    }
  | { readonly kind: 'reminder'; readonly deadline: string };

/**
 * Which followed requests to look at in one sweep, at most `max`: those with a milestone due first
 * (the longest-completed first), then those not looked at for `recheckAfterMs`, the least recently
 * looked at first. `lastChecked`: when this process last listed each one's devices.
 */
export function checksDue(
  followed: readonly FollowedEnrolment[],
  input: {
    readonly now: Date;
    readonly enrolWithinHours: number;
    readonly lastChecked: ReadonlyMap<string, number>;
    readonly max: number;
    readonly recheckAfterMs: number;
  },
): FollowedEnrolment[] {
  const { now } = input;
  const due = followed.filter((f) => dueMilestone(f, now, input.enrolWithinHours) !== 'none');
  const stale = followed
    .filter((f) => !due.includes(f))
    .filter((f) => now.getTime() - (input.lastChecked.get(f.requestId) ?? 0) >= input.recheckAfterMs)
    .sort((a, b) => (input.lastChecked.get(a.requestId) ?? 0) - (input.lastChecked.get(b.requestId) ?? 0));
  return [...due, ...stale].slice(0, input.max);
}
