import type { AuditEvent } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import type { ServiceDeps } from './deps.js';

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
 * Whether a new request for `iamUserName` may be made: none open (the store enforces it again when
 * the request is written), and fewer than `requests.maxResetsPerTargetPerDay` resets in 24 hours.
 * Throws REQUEST_ALREADY_OPEN or DAILY_RESET_LIMIT.
 */
export async function assertMayOpenRequest(deps: ServiceDeps, iamUserName: string): Promise<void> {
  const cap = deps.policy.maxResetsPerTargetPerDay;
  const [openRequestId, resets] = await Promise.all([
    deps.store.openRequestFor(iamUserName),
    recentResets(deps, iamUserName, cap),
  ]);
  if (openRequestId !== undefined) {
    throw new ResetError(
      'REQUEST_ALREADY_OPEN',
      `IAM user ${iamUserName} has the open request ${openRequestId}.`,
      {
        details: { iamUserName, openRequestId },
      },
    );
  }
  if (resets >= cap) {
    throw new ResetError(
      'DAILY_RESET_LIMIT',
      `IAM user ${iamUserName} was reset ${resets} times in 24 hours.`,
      {
        details: { iamUserName, resets, cap },
      },
    );
  }
}
