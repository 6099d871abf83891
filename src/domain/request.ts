import type { DeviceOutcome, MfaDevice } from './devices.js';
import { type ErrorCode, ResetError } from './errors.js';

/**
 * A reset request and its lifecycle:
 *   PENDING → APPROVED → EXECUTING → COMPLETED | FAILED
 *   PENDING → DENIED | CANCELLED | EXPIRED | FAILED (too many wrong codes)
 * Functions here are pure: they return the next request or throw a coded error; the services
 * persist the result together with its audit events in one conditional write.
 */
export type RequestState =
  | 'PENDING'
  | 'APPROVED'
  | 'EXECUTING'
  | 'COMPLETED'
  | 'FAILED'
  | 'DENIED'
  | 'CANCELLED'
  | 'EXPIRED';

export const finalStates: ReadonlySet<RequestState> = new Set([
  'COMPLETED',
  'FAILED',
  'DENIED',
  'CANCELLED',
  'EXPIRED',
]);

const allowedTransitions: Readonly<Record<RequestState, readonly RequestState[]>> = {
  PENDING: ['PENDING', 'APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED', 'FAILED'],
  APPROVED: ['EXECUTING'],
  // Back to PENDING only when `stepUp: when-required` found AWS wanted MFA and the code was wrong:
  // at that point no IAM change has been made.
  EXECUTING: ['COMPLETED', 'FAILED', 'PENDING'],
  COMPLETED: [],
  FAILED: [],
  DENIED: [],
  CANCELLED: [],
  EXPIRED: [],
};

export interface Approval {
  readonly slackUserId: string;
  readonly at: string;
  /** The MFA device whose code AWS accepted, or undefined when the code was not needed. */
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
  readonly tokenAttempts: number;
  readonly decision?: Decision;
  readonly outcomes?: readonly DeviceOutcome[];
  readonly failureCode?: ErrorCode;
  /** Where the approval message was posted, so it can be updated in place. */
  readonly approvalMessage?: { readonly channel: string; readonly ts: string };
}

export interface NewRequest {
  readonly id: string;
  readonly requesterSlackId: string;
  readonly target: { readonly slackUserId: string; readonly iamUserName: string };
  readonly devices: readonly MfaDevice[];
  readonly reason: string;
  readonly now: Date;
  readonly ttlMinutes: number;
}

export function createRequest(input: NewRequest): ResetRequest {
  if (input.devices.length === 0) {
    throw new ResetError('NO_MFA_DEVICES', 'A request needs at least one device.');
  }
  const at = input.now.toISOString();
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
    expiresAt: new Date(input.now.getTime() + input.ttlMinutes * 60_000).toISOString(),
    approvals: [],
    tokenAttempts: 0,
  };
}

export function isFinal(request: ResetRequest): boolean {
  return finalStates.has(request.state);
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

/** The next version of a request in `state`, with `changes` applied; rejects illegal transitions. */
export function transition(
  request: ResetRequest,
  state: RequestState,
  now: Date,
  changes: Partial<Omit<ResetRequest, 'id' | 'version' | 'state' | 'updatedAt'>> = {},
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
  return { ...request, ...changes, state, version: request.version + 1, updatedAt: now.toISOString() };
}

/** Whether the approvals recorded so far reach the configured minimum. */
export function hasEnoughApprovals(request: ResetRequest, minApprovals: number): boolean {
  return new Set(request.approvals.map((a) => a.slackUserId)).size >= minApprovals;
}

/**
 * The final approval: PENDING → APPROVED → EXECUTING in one write (one version step), so that a
 * request can never be left approved but not executing. The caller writes it, with both audit
 * events, before any IAM call.
 */
export function approveAndStartExecution(request: ResetRequest, approval: Approval, now: Date): ResetRequest {
  const approved = transition(request, 'APPROVED', now, {
    approvals: [...request.approvals, approval],
    decision: { by: approval.slackUserId, at: approval.at },
  });
  return { ...transition(approved, 'EXECUTING', now), version: request.version + 1 };
}
