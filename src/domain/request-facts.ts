import { ruleDigest } from './approval-rules.js';
import type { AuditEvent } from './audit.js';
import type { DeviceKind } from './devices.js';
import type { ResetRequest } from './request.js';

/**
 * What a request is about, fixed when it is made: who asked, for which member and IAM user, which
 * devices (and so which IAM calls), why, and until when. These facts go into the hashed
 * REQUEST_CREATED event; the request item, which the store rewrites whole on every change, must
 * agree with them before anything is executed, so that nobody can retarget a pending request by
 * editing the table.
 */
export interface RequestFacts {
  readonly requesterSlackId: string;
  readonly targetSlackUserId: string;
  readonly iamUserName: string;
  readonly serials: readonly string[];
  /** Undefined for events recorded before the kinds were part of the record. */
  readonly kinds?: readonly DeviceKind[];
  readonly reason: string;
  readonly expiresAt: string;
  /** The digest of the approval rule it needs; undefined for requests made before rules. */
  readonly ruleDigest?: string;
  /** When approvals open (the end of the rule's waiting period); undefined before rules. */
  readonly opensAt?: string;
}

export type FactName = keyof RequestFacts;

export function factsOfRequest(request: ResetRequest): RequestFacts {
  return {
    requesterSlackId: request.requesterSlackId,
    targetSlackUserId: request.target.slackUserId,
    iamUserName: request.target.iamUserName,
    serials: request.devices.map((device) => device.serial),
    kinds: request.devices.map((device) => device.kind),
    reason: request.reason,
    expiresAt: request.expiresAt,
    ...(request.rule === undefined ? {} : { ruleDigest: ruleDigest(request.rule) }),
    ...(request.opensAt === undefined ? {} : { opensAt: request.opensAt }),
  };
}

/** The facts a REQUEST_CREATED event recorded; fields it lacks are empty, so they never match. */
export function factsOfCreation(event: AuditEvent): RequestFacts {
  const { expiresAt, ruleDigest: recordedRule, opensAt } = event.details ?? {};
  return {
    requesterSlackId: event.actor.slackUserId ?? '',
    targetSlackUserId: event.target?.slackUserId ?? '',
    iamUserName: event.target?.iamUserName ?? '',
    serials: event.devices ?? [],
    ...(event.deviceKinds !== undefined ? { kinds: event.deviceKinds } : {}),
    reason: event.reason ?? '',
    expiresAt: typeof expiresAt === 'string' ? expiresAt : '',
    ...(typeof recordedRule === 'string' ? { ruleDigest: recordedRule } : {}),
    ...(typeof opensAt === 'string' ? { opensAt } : {}),
  };
}

/** The names of the facts on which `stored` departs from `recorded` (empty when they agree). */
export function differingFacts(recorded: RequestFacts, stored: RequestFacts): FactName[] {
  const differing: FactName[] = [];
  // The rule and its waiting period too: absent from both (a request made before rules) agrees;
  // a rule added to, removed from or edited in the item does not.
  const scalar = [
    'requesterSlackId',
    'targetSlackUserId',
    'iamUserName',
    'reason',
    'expiresAt',
    'ruleDigest',
    'opensAt',
  ] as const;
  for (const name of scalar) if (recorded[name] !== stored[name]) differing.push(name);
  if (!sameList(recorded.serials, stored.serials)) differing.push('serials');
  // Records made before kinds were recorded cannot vouch for them; their serials still must agree.
  if (recorded.kinds !== undefined && !sameList(recorded.kinds, stored.kinds ?? [])) differing.push('kinds');
  return differing;
}

/** `request` with the recorded facts put back, e.g. to close a tampered request as it was made. */
export function withRecordedFacts(request: ResetRequest, recorded: RequestFacts): ResetRequest {
  const kinds = recorded.kinds;
  return {
    ...request,
    requesterSlackId: recorded.requesterSlackId,
    target: { slackUserId: recorded.targetSlackUserId, iamUserName: recorded.iamUserName },
    devices: recorded.serials.map((serial, index) => ({
      serial,
      kind: kinds?.[index] ?? request.devices.find((d) => d.serial === serial)?.kind ?? 'hardware',
    })),
    reason: recorded.reason,
    expiresAt: recorded.expiresAt,
  };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
