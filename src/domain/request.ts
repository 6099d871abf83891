import { type AppliedRule, approvalsOpenAt } from './approval-rules.js';
import type { DeviceOutcome, MfaDevice } from './devices.js';
import { type ErrorCode, ResetError } from './errors.js';
import type { RiskFacts } from './risk-facts.js';

/**
 * A reset request and its lifecycle:
 *   PENDING → EXECUTING → COMPLETED | FAILED
 *   EXECUTING → UNFINISHED → COMPLETED | FAILED (a crash left virtual devices deactivated, not deleted)
 *   PENDING → DENIED | CANCELLED | EXPIRED | FAILED (too many wrong codes, tampered, protected)
 * Forward only: STS checks the approver's code before the request leaves PENDING, so nothing that
 * happens once it is EXECUTING can send it back. An UNFINISHED request waits for an approver to
 * finish it (delete what was left, with their code): it ends COMPLETED only when every device
 * ended as intended.
 * The final approval is an event (REQUEST_APPROVED), not a state: it moves the request straight
 * from PENDING to EXECUTING in one write, so no request can be left approved but not executing.
 * Functions here are pure: they return the next request or throw a coded error; the services
 * persist the result together with its audit events in one conditional write.
 */
export const requestStates = [
  'PENDING',
  'EXECUTING',
  'UNFINISHED',
  'COMPLETED',
  'FAILED',
  'DENIED',
  'CANCELLED',
  'EXPIRED',
] as const;

export type RequestState = (typeof requestStates)[number];

/** Real changes of state; keeping the state while recording something is `amend`. */
const allowedTransitions: Readonly<Record<RequestState, readonly RequestState[]>> = {
  PENDING: ['EXECUTING', 'DENIED', 'CANCELLED', 'EXPIRED', 'FAILED'],
  EXECUTING: ['COMPLETED', 'FAILED', 'UNFINISHED'],
  UNFINISHED: ['COMPLETED', 'FAILED'],
  COMPLETED: [],
  FAILED: [],
  DENIED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** The states a request never leaves: those with no transition out. */
export const finalStates: ReadonlySet<RequestState> = new Set(
  requestStates.filter((state) => allowedTransitions[state].length === 0),
);

export interface Approval {
  readonly slackUserId: string;
  readonly at: string;
  /**
   * The MFA device whose code AWS accepted. Absent only from final approvals recorded under the
   * retired `aws.stepUp: when-required`, when AWS did not ask for the code.
   */
  readonly mfaSerial?: string;
}

export interface Decision {
  readonly by: string;
  readonly at: string;
  readonly reason?: string;
}

export interface ResetRequest {
  readonly id: string;
  /** Incremented by every write; writes are conditioned on the version they read. */
  readonly version: number;
  readonly state: RequestState;
  readonly requesterSlackId: string;
  readonly target: { readonly slackUserId: string; readonly iamUserName: string };
  readonly devices: readonly MfaDevice[];
  readonly reason: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly approvals: readonly Approval[];
  readonly decision?: Decision;
  readonly outcomes?: readonly DeviceOutcome[];
  readonly failureCode?: ErrorCode;
  /** Where the approval message was posted, so it can be updated in place. */
  readonly approvalMessage?: { readonly channel: string; readonly ts: string };
  /** The direct messages sent while it was pending (with their Cancel button), rewritten once it is not. */
  readonly memberDms?: readonly MemberDm[];
  /**
   * The approval rule it was made under (absent from requests made before rules existed: they
   * need what the global approvers settings say). Its digest is a fact of REQUEST_CREATED.
   */
  readonly rule?: AppliedRule;
  /** When approvals open: the end of the rule's waiting period (absent: at once). A fact of REQUEST_CREATED. */
  readonly opensAt?: string;
  /**
   * Under `verification: confirm`: who confirmed the person asked, and when. Repeats the chained
   * REQUEST_CONFIRMED event, which is what approvals check.
   */
  readonly confirmation?: { readonly by: string; readonly at: string };
  /**
   * What the approvers were shown about the IAM user when the request was made (risk-facts.ts):
   * for their judgement, not a fact of the request (not in its REQUEST_CREATED record).
   */
  readonly riskFacts?: RiskFacts;
}

/** A direct message about a request: to whom, and where Slack put it. */
export interface MemberDm {
  readonly slackUserId: string;
  readonly channel: string;
  readonly ts: string;
}

export interface NewRequest {
  readonly id: string;
  readonly requesterSlackId: string;
  readonly target: { readonly slackUserId: string; readonly iamUserName: string };
  readonly devices: readonly MfaDevice[];
  readonly reason: string;
  readonly now: Date;
  readonly ttlMinutes: number;
  readonly rule?: AppliedRule;
  readonly riskFacts?: RiskFacts;
}

export function newRequest(input: NewRequest): ResetRequest {
  if (input.devices.length === 0) {
    throw new ResetError('NO_MFA_DEVICES', 'A request needs at least one device.');
  }
  const at = input.now.toISOString();
  // A waiting period comes before the time approvers have: the request expires that much later.
  const opensAt = input.rule === undefined ? input.now : approvalsOpenAt(input.now, input.rule);
  return {
    id: input.id,
    version: 1,
    state: 'PENDING',
    requesterSlackId: input.requesterSlackId,
    target: input.target,
    devices: input.devices,
    reason: input.reason,
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(opensAt.getTime() + input.ttlMinutes * 60_000).toISOString(),
    approvals: [],
    ...(input.rule === undefined ? {} : { rule: input.rule, opensAt: opensAt.toISOString() }),
    ...(input.riskFacts === undefined ? {} : { riskFacts: input.riskFacts }),
  };
}

export function isFinal(state: RequestState): boolean {
  return finalStates.has(state);
}

export function isExpired(request: ResetRequest, now: Date): boolean {
  return request.state === 'PENDING' && now.getTime() >= Date.parse(request.expiresAt);
}

/** Throws unless the request is PENDING and not expired: the precondition for every decision. */
export function assertOpenForDecision(request: ResetRequest, now: Date): void {
  if (request.state !== 'PENDING') {
    throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${request.id} is ${request.state}.`, {
      details: { requestId: request.id, state: request.state },
    });
  }
  if (isExpired(request, now)) {
    throw new ResetError('REQUEST_EXPIRED', `Request ${request.id} expired at ${request.expiresAt}.`, {
      details: { requestId: request.id },
    });
  }
}

type Changes = Partial<Omit<ResetRequest, 'id' | 'version' | 'state' | 'updatedAt'>>;

/** The next version of a request in another `state`, with `changes` applied; rejects illegal moves. */
export function transition(
  request: ResetRequest,
  state: RequestState,
  now: Date,
  changes: Changes = {},
): ResetRequest {
  if (!allowedTransitions[request.state].includes(state)) {
    throw new ResetError(
      'REQUEST_ALREADY_HANDLED',
      `Request ${request.id} cannot go from ${request.state} to ${state}.`,
      {
        details: { requestId: request.id, from: request.state, to: state },
      },
    );
  }
  return nextVersion(request, now, { ...changes, state });
}

/**
 * The next version of an open request in the same state, with `changes` recorded (the approval
 * message's place, a partial approval). A request that has ended is never amended.
 */
export function amend(request: ResetRequest, now: Date, changes: Changes): ResetRequest {
  if (isFinal(request.state)) {
    throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${request.id} is ${request.state}.`, {
      details: { requestId: request.id, state: request.state },
    });
  }
  return nextVersion(request, now, changes);
}

function nextVersion(
  request: ResetRequest,
  now: Date,
  changes: Changes & { state?: RequestState },
): ResetRequest {
  return { ...request, ...changes, version: request.version + 1, updatedAt: now.toISOString() };
}

/** Distinct members among `approvals` for whom `counts` holds. */
export function countedApprovers(
  approvals: readonly Approval[],
  counts: (slackUserId: string) => boolean,
): ReadonlySet<string> {
  return new Set(approvals.map((a) => a.slackUserId).filter(counts));
}

/**
 * The final approval: PENDING → EXECUTING, with the approval and the decision recorded. The caller
 * writes it, with REQUEST_APPROVED and EXECUTION_STARTED, before any IAM call.
 */
export function startExecution(request: ResetRequest, approval: Approval, now: Date): ResetRequest {
  return transition(request, 'EXECUTING', now, {
    approvals: [...request.approvals, approval],
    decision: { by: approval.slackUserId, at: approval.at },
  });
}

/** PENDING → CANCELLED by the requester or the target member (see `assertMayCancel`). */
export function cancelRequest(request: ResetRequest, by: string, now: Date): ResetRequest {
  return transition(request, 'CANCELLED', now, { decision: { by, at: now.toISOString() } });
}
