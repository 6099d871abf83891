import type { AuditEvent } from '../domain/audit.js';
import {
  type Fact,
  type IamRiskFacts,
  knownFact,
  RECENT_RESETS_DAYS,
  type RecentResets,
  type RiskFacts,
  type UnknownReason,
  unknownFact,
} from '../domain/risk-facts.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * The approver's risk facts about the IAM user a request is for, read when it is submitted: what
 * IAM says (the `Iam` port, which bounds its own reads) and the resets the audit trail records as
 * completed in the last 90 days, read at the same time. Each part is bounded here too: whatever
 * has not answered within `RISK_FACTS_WAIT_MS` is unknown. Never throws: the facts inform the
 * approver, they never stop a request.
 */
export const RISK_FACTS_WAIT_MS = 3_000;

/** Audit events read per page, and pages at most, when counting the user's resets. */
const RESETS_PAGE_SIZE = 1_000;
const RESETS_MAX_PAGES = 5;

const DAY_MS = 86_400_000;

type RiskDeps = Pick<ServiceDeps, 'iam' | 'store' | 'clock' | 'logger'>;

export async function readRiskFacts(deps: RiskDeps, iamUserName: string): Promise<RiskFacts> {
  const readAt = deps.clock.now();
  const [iam, recentResets] = await Promise.all([
    within(deps.iam.readRiskFacts(iamUserName), (reason) => {
      deps.logger.warn({ iamUserName, reason }, 'the IAM risk facts could not be read');
      return allUnknown(reason);
    }),
    within(
      countCompletedResets(deps, iamUserName, readAt).then((count) => knownFact(count)),
      (reason) => unknownFact<RecentResets>(reason),
    ),
  ]);
  if (!recentResets.known) {
    deps.logger.warn({ iamUserName, reason: recentResets.reason }, 'recent resets could not be counted');
  }
  return { ...iam, recentResets, readAt: readAt.toISOString() };
}

/** Requests for the user that ended COMPLETED within the last 90 days, by the audit trail's by-target index. */
async function countCompletedResets(deps: RiskDeps, iamUserName: string, now: Date): Promise<RecentResets> {
  const from = new Date(now.getTime() - RECENT_RESETS_DAYS * DAY_MS).toISOString();
  const completed = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await deps.store.queryAudit({
      by: 'target',
      iamUserName,
      from,
      limit: RESETS_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const event of page.events) {
      if (event.requestId !== undefined && endedCompleted(event)) completed.add(event.requestId);
    }
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== undefined && pages < RESETS_MAX_PAGES);
  return { days: RECENT_RESETS_DAYS, completed: completed.size, atLeast: cursor !== undefined };
}

/** The events that end a request COMPLETED (see store/verify-requests.ts). */
export function endedCompleted(event: AuditEvent): boolean {
  return (
    event.type === 'REQUEST_COMPLETED' || (event.type === 'REQUEST_RECONCILED' && event.outcome === 'success')
  );
}

/** The answer, or the fallback when it fails or is not there within the wait. */
async function within<T>(promise: Promise<T>, fallback: (reason: UnknownReason) => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback('timed-out')), RISK_FACTS_WAIT_MS);
  });
  try {
    return await Promise.race([promise.catch(() => fallback('failed')), late]);
  } finally {
    clearTimeout(timer);
  }
}

function allUnknown(reason: UnknownReason): IamRiskFacts {
  const unknown = <T>(): Fact<T> => unknownFact<T>(reason);
  return {
    consolePassword: unknown(),
    passwordLastUsed: unknown(),
    activeAccessKeys: unknown(),
    groups: unknown(),
    policies: [{ from: { kind: 'user' }, attached: unknown(), inline: unknown() }],
  };
}
