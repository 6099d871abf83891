import type { AuditEvent } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import type { ServiceDeps } from './service-deps.js';

const DAY_MS = 86_400_000;

/** Events showing that a request changed an IAM user's devices. */
function changedDevices(event: AuditEvent): boolean {
  return (
    event.type === 'DEVICE_DEACTIVATED' ||
    event.type === 'REQUEST_COMPLETED' ||
    (event.type === 'REQUEST_RECONCILED' && event.outcome === 'success')
  );
}

/**
 * Resets carried out for `iamUserName` in the last 24 hours, counted from the audit trail's
 * by-target index (it costs what that user's last day of events holds, not the table), up to `cap`.
 */
export async function recentResets(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  iamUserName: string,
  cap: number,
): Promise<number> {
  const from = new Date(deps.clock.now().getTime() - DAY_MS).toISOString();
  const requests = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.queryAudit({
      by: 'target',
      iamUserName,
      from,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const event of page.events) {
      if (event.requestId !== undefined && changedDevices(event)) requests.add(event.requestId);
    }
    cursor = page.cursor;
  } while (cursor !== undefined && requests.size < cap);
  return requests.size;
}

/**
 * Refuses a request for an IAM user reset `requests.maxResetsPerTargetPerDay` times in 24 hours
 * (DAILY_RESET_LIMIT). Checked when a request is submitted: with one open request per IAM user,
 * no other reset of that user can complete between this count and the request's own reset.
 */
export async function assertUnderDailyCap(deps: ServiceDeps, iamUserName: string): Promise<void> {
  const cap = deps.rules.maxResetsPerTargetPerDay;
  const resets = await recentResets(deps, iamUserName, cap);
  if (resets < cap) return;
  throw new ResetError(
    'DAILY_RESET_LIMIT',
    `IAM user ${iamUserName} was reset ${resets} times in 24 hours.`,
    {
      details: { iamUserName, resets, cap },
    },
  );
}
