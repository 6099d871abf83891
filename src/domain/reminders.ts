/**
 * When a pending request reminds its approvers: `requests.remindAfterMinutes` (R) after it was
 * made, then after doubling intervals (2R, 4R, …), so reminder n (from 1) falls at R·(2ⁿ − 1) after
 * its creation: R, 3R, 7R, 15R, … A reminder is due only while the request can still be approved,
 * and only the latest one due counts: a bot that was down for a while sends one reminder, not a burst.
 */

/** At most this many reminders per request, whatever the times say (2⁶⁰ overflows nothing below). */
const MAX_REMINDERS = 40;

const MINUTE_MS = 60_000;

/** When reminder `number` (from 1) falls for a request made at `createdAt`. */
export function reminderTime(createdAt: string, number: number, remindAfterMinutes: number): Date {
  return new Date(Date.parse(createdAt) + remindAfterMinutes * MINUTE_MS * (2 ** number - 1));
}

/**
 * The number of the latest reminder due at `now`, or 0 when none is: reminders are off
 * (`remindAfterMinutes` 0), the first is not due yet, or the request has expired.
 */
export function dueReminder(
  request: { readonly createdAt: string; readonly expiresAt: string },
  now: Date,
  remindAfterMinutes: number,
): number {
  if (remindAfterMinutes <= 0) return 0;
  if (now.getTime() >= Date.parse(request.expiresAt)) return 0;
  let due = 0;
  while (
    due < MAX_REMINDERS &&
    reminderTime(request.createdAt, due + 1, remindAfterMinutes).getTime() <= now.getTime()
  ) {
    due += 1;
  }
  return due;
}

/** When the reminder after `number` falls, or undefined when the request expires before it. */
export function nextReminderTime(
  request: { readonly createdAt: string; readonly expiresAt: string },
  number: number,
  remindAfterMinutes: number,
): Date | undefined {
  if (remindAfterMinutes <= 0 || number >= MAX_REMINDERS) return undefined;
  const next = reminderTime(request.createdAt, number + 1, remindAfterMinutes);
  return next.getTime() < Date.parse(request.expiresAt) ? next : undefined;
}
