import {
  CLOCK_SKEW_MS,
  EXECUTION_WINDOW_MS,
  type ExecutedRequest,
  type StepUpIdentity,
  type UnaccountedReset,
  unaccountedReason,
} from '../domain/account-trail.js';
import { type AlarmDeps, createAlarmRaiser } from './alarms.js';
import { createAuditEvents } from './audit-events.js';
import type { AccountTrail, Clock, IdGenerator, Store } from './ports.js';

export interface AccountCheckDeps extends AlarmDeps {
  readonly accountTrail: AccountTrail;
  /** The bot's IAM user: only its MFA sessions' resets can be accounted for by a request. */
  readonly stepUp: StepUpIdentity;
  readonly store: Pick<Store, 'appendAudit' | 'queryAudit' | 'getRequest'>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

type TrailReader = {
  readonly accountTrail: AccountTrail;
  readonly stepUp: StepUpIdentity;
  readonly store: Pick<Store, 'queryAudit' | 'getRequest'>;
};

/**
 * Requests whose execution started in the window around `at` (a time query, bounded by the window).
 * Finishing an unfinished reset (FINISH_STARTED) starts a window of its own: it deletes devices
 * with a new STS session, long after the request's EXECUTION_STARTED.
 */
async function executedAround(
  deps: TrailReader,
  at: string,
  cache: Map<string, Omit<ExecutedRequest, 'startedAt'> | null>,
): Promise<ExecutedRequest[]> {
  const time = Date.parse(at);
  const executed: ExecutedRequest[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.queryAudit({
      by: 'time',
      from: new Date(time - EXECUTION_WINDOW_MS - CLOCK_SKEW_MS).toISOString(),
      to: new Date(time + CLOCK_SKEW_MS).toISOString(),
      limit: 1_000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const event of page.events) {
      const starts = event.type === 'EXECUTION_STARTED' || event.type === 'FINISH_STARTED';
      if (!starts || event.requestId === undefined) continue;
      const found = await requestAt(deps, event.requestId, event.at, cache);
      const sessionKeyId = event.details?.sessionKeyId;
      if (found !== undefined)
        executed.push({ ...found, ...(typeof sessionKeyId === 'string' ? { sessionKeyId } : {}) });
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return executed;
}

async function requestAt(
  deps: TrailReader,
  requestId: string,
  startedAt: string,
  cache: Map<string, Omit<ExecutedRequest, 'startedAt'> | null>,
): Promise<ExecutedRequest | undefined> {
  if (!cache.has(requestId)) {
    const request = await deps.store.getRequest(requestId);
    const trail =
      request === undefined ? undefined : await deps.store.queryAudit({ by: 'request', requestId });
    const reconciled = trail?.events.some((event) => event.type === 'REQUEST_RECONCILED') ?? false;
    cache.set(requestId, request === undefined ? null : { request, reconciled });
  }
  const found = cache.get(requestId);
  // A request may start twice (its execution, then its finish): each start is a window of its own.
  return found == null ? undefined : { ...found, startedAt };
}

/**
 * Every MFA reset the account recorded (CloudTrail) between the two times that the audit trail
 * does not account for, oldest first: accounted for means a change made by an MFA session of the
 * bot's own IAM user, for a request for that IAM user and device whose execution started shortly
 * before with that very session (its EXECUTION_STARTED records the session's access key ID) and
 * whose recorded outcome says the device was reset. Anything else was done outside the bot, or
 * with the bot's credentials without such a request.
 */
export async function findUnaccountedResets(
  deps: TrailReader,
  range: { from: Date; to: Date },
): Promise<UnaccountedReset[]> {
  const resets = await deps.accountTrail.mfaResets(range);
  const cache = new Map<string, Omit<ExecutedRequest, 'startedAt'> | null>();
  const unaccounted: UnaccountedReset[] = [];
  for (const reset of [...resets].sort((a, b) => a.at.localeCompare(b.at))) {
    const reason = unaccountedReason(reset, await executedAround(deps, reset.at, cache), deps.stepUp);
    if (reason !== undefined) unaccounted.push({ ...reset, reason });
  }
  return unaccounted;
}

/**
 * The bot's scheduled CloudTrail check: each unaccounted reset is logged at every check, and
 * alarmed and audited (CLOUDTRAIL_MISMATCH) once, or twice when replicas find it at the same moment.
 */
export function createAccountCheck(deps: AccountCheckDeps) {
  const events = createAuditEvents(deps);
  const alarms = createAlarmRaiser(deps);

  /** Looks back `lookbackMs` and alarms each unaccounted reset (alarms.ts). */
  async function checkAndAlarm(options: {
    lookbackMs: number;
  }): Promise<{ unaccounted: UnaccountedReset[] }> {
    const to = deps.clock.now();
    const unaccounted = await findUnaccountedResets(deps, {
      from: new Date(to.getTime() - options.lookbackMs),
      to,
    });
    await alarms.raiseAll(
      unaccounted.map((reset) => ({
        key: `cloudtrail#${reset.eventId}`,
        message: 'MFA reset in CloudTrail not accounted for by the audit trail',
        facts: { cloudTrailEventId: reset.eventId, serial: reset.serial, reason: reset.reason },
        alarm: { kind: 'cloudtrail-mismatch', reset },
        event: events.cloudTrailMismatch(reset),
      })),
    );
    return { unaccounted };
  }

  return { checkAndAlarm };
}

export type AccountCheck = ReturnType<typeof createAccountCheck>;
