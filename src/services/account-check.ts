import {
  type CheckedAccount,
  CLOCK_SKEW_MS,
  EXECUTION_WINDOW_MS,
  type ExecutedRequest,
  type StepUpIdentity,
  type UnaccountedReset,
  unaccountedReason,
} from '../domain/account-trail.js';
import type { TargetAccount } from '../domain/accounts.js';
import type { AuditEventDraft } from '../domain/audit.js';
import { toResetError } from '../domain/errors.js';
import { recordedRoleSession } from '../domain/member-trail.js';
import { type AlarmDeps, createAlarmRaiser } from './alarms.js';
import { createAuditEvents } from './audit-events.js';
import type { AccountTrail, Clock, IdGenerator, MemberAccountTrail, Store } from './ports.js';

export interface AccountCheckDeps extends AlarmDeps {
  /** The home account's CloudTrail. */
  readonly accountTrail: AccountTrail;
  /** The bot's IAM user: only its MFA sessions' resets can be accounted for by a request. */
  readonly stepUp: StepUpIdentity;
  /** Each member account's CloudTrail (read through its reader role); none by default. */
  readonly members?: readonly MemberAccountTrail[];
  readonly store: Pick<Store, 'appendAudit' | 'queryAudit' | 'getRequest'>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

type TrailReader = {
  readonly accountTrail: AccountTrail;
  readonly stepUp: StepUpIdentity;
  readonly store: Pick<Store, 'queryAudit' | 'getRequest'>;
};

type AuditReader = Pick<TrailReader, 'store'>;

/**
 * Requests whose execution started in the window around `at` (a time query, bounded by the window).
 * Finishing an unfinished reset (FINISH_STARTED) starts a window of its own: it deletes devices
 * with a new STS session, long after the request's EXECUTION_STARTED.
 */
async function executedAround(
  deps: AuditReader,
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
      if (found !== undefined) executed.push({ ...found, ...sessionsOf(event.details) });
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return executed;
}

/** The sessions a start event recorded: the MFA session's key, and in a member account the role session's. */
function sessionsOf(
  details: AuditEventDraft['details'],
): Pick<ExecutedRequest, 'sessionKeyId' | 'roleSession'> {
  const sessionKeyId = details?.sessionKeyId;
  const roleSession = recordedRoleSession(details);
  return {
    ...(typeof sessionKeyId === 'string' ? { sessionKeyId } : {}),
    ...(roleSession === undefined ? {} : { roleSession }),
  };
}

async function requestAt(
  deps: AuditReader,
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
  return findUnaccountedIn(deps, deps.accountTrail, { kind: 'home', stepUp: deps.stepUp }, range);
}

/**
 * The same, in one account's CloudTrail: the home account's, or a member account's, where the
 * bot's changes are made by sessions of its reset role named for the request, whose access key the
 * start event recorded (`roleSessionKeyId`). Each unaccounted reset of a member account names it.
 */
export async function findUnaccountedIn(
  deps: AuditReader,
  trail: AccountTrail,
  checked: CheckedAccount,
  range: { from: Date; to: Date },
): Promise<UnaccountedReset[]> {
  const resets = await trail.mfaResets(range);
  const cache = new Map<string, Omit<ExecutedRequest, 'startedAt'> | null>();
  const account =
    checked.kind === 'member' ? { account: { id: checked.account.id, name: checked.account.name } } : {};
  const unaccounted: UnaccountedReset[] = [];
  for (const reset of [...resets].sort((a, b) => a.at.localeCompare(b.at))) {
    const reason = unaccountedReason(reset, await executedAround(deps, reset.at, cache), checked);
    if (reason !== undefined) unaccounted.push({ ...reset, reason, ...account });
  }
  return unaccounted;
}

/** An account whose CloudTrail could not be read (absent `account`: the home account's). */
export interface UnreadableTrail {
  readonly account?: TargetAccount;
  readonly error: unknown;
}

/**
 * Every account's unaccounted resets: the home account's and each member account's, one after
 * another. One account that cannot be read does not hold back the others: it is returned instead.
 */
export async function findUnaccountedEverywhere(
  deps: TrailReader & { readonly members?: readonly MemberAccountTrail[] },
  range: { from: Date; to: Date },
): Promise<{ unaccounted: UnaccountedReset[]; unreadable: UnreadableTrail[] }> {
  const accounts: Array<{ trail: AccountTrail; checked: CheckedAccount; account?: TargetAccount }> = [
    { trail: deps.accountTrail, checked: { kind: 'home', stepUp: deps.stepUp } },
    ...(deps.members ?? []).map(({ account, trail }) => ({
      trail,
      checked: { kind: 'member' as const, account },
      account: { id: account.id, name: account.name },
    })),
  ];
  const unaccounted: UnaccountedReset[] = [];
  const unreadable: UnreadableTrail[] = [];
  for (const { trail, checked, account } of accounts) {
    try {
      unaccounted.push(...(await findUnaccountedIn(deps, trail, checked, range)));
    } catch (error) {
      unreadable.push({ ...(account === undefined ? {} : { account }), error });
    }
  }
  return { unaccounted, unreadable };
}

/**
 * The bot's scheduled CloudTrail check: each unaccounted reset is logged at every check, and
 * alarmed and audited (CLOUDTRAIL_MISMATCH) once, or twice when replicas find it at the same moment.
 */
export function createAccountCheck(deps: AccountCheckDeps) {
  const events = createAuditEvents(deps);
  const alarms = createAlarmRaiser(deps);

  /**
   * Looks back `lookbackMs` in every account and alarms each unaccounted reset (alarms.ts). An
   * account whose CloudTrail cannot be read is logged by name and fails the run after the others'
   * alarms are raised; the next run tries again.
   */
  async function checkAndAlarm(options: {
    lookbackMs: number;
  }): Promise<{ unaccounted: UnaccountedReset[] }> {
    const to = deps.clock.now();
    const { unaccounted, unreadable } = await findUnaccountedEverywhere(deps, {
      from: new Date(to.getTime() - options.lookbackMs),
      to,
    });
    await alarms.raiseAll(
      unaccounted.map((reset) => ({
        key:
          reset.account === undefined
            ? `cloudtrail#${reset.eventId}`
            : `cloudtrail#${reset.account.id}#${reset.eventId}`,
        message: 'MFA reset in CloudTrail not accounted for by the audit trail',
        facts: {
          cloudTrailEventId: reset.eventId,
          serial: reset.serial,
          reason: reset.reason,
          ...(reset.account === undefined ? {} : { accountId: reset.account.id }),
        },
        alarm: { kind: 'cloudtrail-mismatch', reset },
        event: events.cloudTrailMismatch(reset),
      })),
    );
    for (const { account, error } of unreadable) {
      deps.logger.error(
        { accountId: account?.id ?? 'home', code: toResetError(error).code, err: error },
        'CloudTrail check could not read the account',
      );
    }
    if (unreadable[0] !== undefined) throw unreadable[0].error;
    return { unaccounted };
  }

  return { checkAndAlarm };
}

export type AccountCheck = ReturnType<typeof createAccountCheck>;
