/**
 * Lockout of an approver's MFA device after repeated wrong codes, across requests. The record of a
 * device holds the times of its recent wrong codes and the codes now being checked by STS (each
 * with a time after which it no longer counts, so a crash mid-check cannot lock a device for
 * good). A code may go to STS only while wrong codes plus codes in flight stay below the maximum,
 * so parallel submissions cannot slip past the limit. Pure: the store persists the record with a
 * conditional write, so the rule holds across replicas and restarts.
 */
export interface LockoutRules {
  /** Wrong codes from one device within the window that lock it. */
  readonly maxFailures: number;
  readonly windowMinutes: number;
}

export interface CodeInFlight {
  readonly id: string;
  /** ISO-8601 time after which the reservation no longer counts. */
  readonly until: string;
}

export interface DeviceAttempts {
  /** ISO-8601 times of wrong codes, oldest first. */
  readonly failures: readonly string[];
  readonly inFlight: readonly CodeInFlight[];
}

export const noAttempts: DeviceAttempts = { failures: [], inFlight: [] };

/** How long a code may be in flight to STS before its reservation lapses. */
export const IN_FLIGHT_HOLD_MS = 60_000;

export type ReserveVerdict =
  | { readonly kind: 'reserved' }
  /** Refused: `retryAt` is when a code may be tried again (the lock ends, or codes in flight lapse). */
  | { readonly kind: 'locked'; readonly retryAt: string };

/** What still counts at `now`: failures within the window, reservations not lapsed. */
export function current(record: DeviceAttempts, now: Date, rules: LockoutRules): DeviceAttempts {
  const windowStart = now.getTime() - rules.windowMinutes * 60_000;
  return {
    failures: record.failures.filter((at) => Date.parse(at) > windowStart),
    inFlight: record.inFlight.filter((code) => Date.parse(code.until) > now.getTime()),
  };
}

/** When the lock ends, or undefined when the device is not locked. */
export function lockedUntil(record: DeviceAttempts, now: Date, rules: LockoutRules): string | undefined {
  const { failures } = current(record, now, rules);
  if (failures.length < rules.maxFailures) return undefined;
  // Unlocked once enough of the recent failures have left the window.
  const deciding = failures[failures.length - rules.maxFailures]!;
  return new Date(Date.parse(deciding) + rules.windowMinutes * 60_000).toISOString();
}

/** Takes a place for one code on its way to STS, unless the device is locked or its places are taken. */
export function reserveCode(
  record: DeviceAttempts,
  input: { readonly id: string; readonly now: Date; readonly rules: LockoutRules },
): { record: DeviceAttempts; verdict: ReserveVerdict } {
  const live = current(record, input.now, input.rules);
  const lockEnd = lockedUntil(live, input.now, input.rules);
  if (lockEnd !== undefined) return { record: live, verdict: { kind: 'locked', retryAt: lockEnd } };
  if (live.failures.length + live.inFlight.length >= input.rules.maxFailures) {
    const firstLapse = live.inFlight.map((code) => code.until).sort()[0]!;
    return { record: live, verdict: { kind: 'locked', retryAt: firstLapse } };
  }
  const until = new Date(input.now.getTime() + IN_FLIGHT_HOLD_MS).toISOString();
  return {
    record: { ...live, inFlight: [...live.inFlight, { id: input.id, until }] },
    verdict: { kind: 'reserved' },
  };
}

/**
 * Gives the place back once STS has answered. A wrong code stays as a failure; `lockStarted` is
 * set when this failure is the one that locks the device (only one writer can see that, since the
 * record is written conditionally).
 */
export function settleCode(
  record: DeviceAttempts,
  input: { readonly id: string; readonly wrong: boolean; readonly now: Date; readonly rules: LockoutRules },
): { record: DeviceAttempts; lockStarted?: { readonly until: string } } {
  const live = current(record, input.now, input.rules);
  const wasLocked = lockedUntil(live, input.now, input.rules) !== undefined;
  const next: DeviceAttempts = {
    failures: input.wrong ? [...live.failures, input.now.toISOString()] : live.failures,
    inFlight: live.inFlight.filter((code) => code.id !== input.id),
  };
  const until = lockedUntil(next, input.now, input.rules);
  return until !== undefined && !wasLocked ? { record: next, lockStarted: { until } } : { record: next };
}
