import { dueReminder, nextReminderTime } from '../domain/reminders.js';
import type { ResetRequest } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import { notifyOrRecord } from './notify.js';
import type { ServiceDeps } from './service-deps.js';

/** How long a reminder's claim is kept after the request would have expired. */
const CLAIM_KEPT_MS = 24 * 60 * 60_000;

/**
 * Reminders to the approvers of requests still pending (`requests.remindAfterMinutes`, then
 * doubling intervals, see domain/reminders.ts). Each reminder is claimed in the store before it
 * is posted, so that with several replicas sweeping at once exactly one posts it; the request item
 * is not written (its version stays, so no approval in flight is disturbed). Each replica remembers
 * which reminders it has seen claimed, so a due reminder costs one conditional write per replica,
 * not one per sweep.
 */
export function createReminderService(deps: ServiceDeps) {
  const events = createAuditEvents(deps);
  /** Request id → the latest reminder number known to be claimed (by this replica or another). */
  const claimed = new Map<string, number>();

  function forgetEnded(pending: readonly ResetRequest[]): void {
    const open = new Set(pending.map((request) => request.id));
    for (const id of claimed.keys()) if (!open.has(id)) claimed.delete(id);
  }

  /** Claims and posts reminder `number` of one request; true if this call posted it. */
  async function remind(request: ResetRequest, number: number): Promise<boolean> {
    const until = new Date(Date.parse(request.expiresAt) + CLAIM_KEPT_MS);
    const won = await deps.reminders.claim(request.id, number, until);
    claimed.set(request.id, number);
    if (!won) return false;
    const nextAt = nextReminderTime(request, number, deps.rules.remindAfterMinutes)?.toISOString();
    let ts = '';
    const posted = await notifyOrRecord({ ...deps, events }, request, `reminder ${number}`, async () => {
      ts = (
        await deps.notifier.postReminder(request, { number, ...(nextAt === undefined ? {} : { nextAt }) })
      ).ts;
    });
    if (!posted) return false;
    await deps.store.appendAudit([events.approversReminded(request, { number, ts })]);
    deps.logger.info({ requestId: request.id, reminder: number }, 'approvers reminded');
    return true;
  }

  /**
   * Sends every reminder due now; returns how many this replica sent. `pendingAsRead`: the pending
   * requests as the sweep read them (read here if not given). A store failure stops the round (the
   * housekeeping logs it); the next sweep tries again.
   */
  async function remindDue(pendingAsRead?: readonly ResetRequest[]): Promise<number> {
    const every = deps.rules.remindAfterMinutes;
    if (every <= 0) return 0;
    const pending = pendingAsRead ?? (await deps.store.listRequestsByState('PENDING'));
    forgetEnded(pending);
    let sent = 0;
    for (const request of pending) {
      if (request.approvalMessage === undefined) continue;
      const number = dueReminder(request, deps.clock.now(), every);
      if (number === 0 || (claimed.get(request.id) ?? 0) >= number) continue;
      if (await remind(request, number)) sent += 1;
    }
    return sent;
  }

  return { remindDue };
}

export type ReminderService = ReturnType<typeof createReminderService>;
