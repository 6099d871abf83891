import type { ResetRequest } from './request.js';

/**
 * MFA resets as the AWS account itself recorded them (CloudTrail management events), and the rule
 * that decides whether the audit trail accounts for one. Pure: the services fetch both sides.
 */
export type MfaResetAction = 'DeactivateMFADevice' | 'DeleteVirtualMFADevice';

export const mfaResetActions: readonly MfaResetAction[] = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'];

/** Who made the call, as CloudTrail's `userIdentity` says (never credentials: only names and ids). */
export interface AccountCaller {
  readonly type?: string;
  readonly arn?: string;
  readonly userName?: string;
  readonly accessKeyId?: string;
  readonly mfaAuthenticated?: boolean;
}

/** One successful `DeactivateMFADevice` or `DeleteVirtualMFADevice` in the account. */
export interface AccountMfaReset {
  readonly eventId: string;
  readonly action: MfaResetAction;
  /** ISO-8601 time CloudTrail gives the event. */
  readonly at: string;
  /** `requestParameters.userName`; DeleteVirtualMFADevice names only the device. */
  readonly iamUserName?: string;
  readonly serial: string;
  readonly caller: AccountCaller;
}

/**
 * The bot only changes a device while a request is executing, with an STS session that lives 900
 * seconds: every change it makes for a request happens within 15 minutes after that request's
 * EXECUTION_STARTED event. Clocks may differ a little between the bot and AWS.
 */
export const EXECUTION_WINDOW_MS = 15 * 60_000;
export const CLOCK_SKEW_MS = 2 * 60_000;

/** A request whose execution the trail recorded, as the services gather it. */
export interface ExecutedRequest {
  readonly request: ResetRequest;
  /** When its EXECUTION_STARTED event was written. */
  readonly startedAt: string;
  /** Closed by the reconciler after a crash: it knows a device was deactivated, not whether it was deleted. */
  readonly reconciled: boolean;
}

export type UnaccountedReason = 'no-request' | 'device-not-reset-by-request';

export interface UnaccountedReset extends AccountMfaReset {
  readonly reason: UnaccountedReason;
}

/** Whether a request of the trail, approved and executed, made this change in the account. */
export function requestAccountsFor(executed: ExecutedRequest, reset: AccountMfaReset): boolean {
  const { request } = executed;
  if (!request.devices.some((device) => device.serial === reset.serial)) return false;
  if (reset.iamUserName !== undefined && reset.iamUserName !== request.target.iamUserName) return false;
  const started = Date.parse(executed.startedAt);
  const at = Date.parse(reset.at);
  if (at < started - CLOCK_SKEW_MS || at > started + EXECUTION_WINDOW_MS + CLOCK_SKEW_MS) return false;
  // Still executing: the outcome is not written yet, and the reconciler will close it from IAM.
  if (request.state === 'EXECUTING') return true;
  const outcome = request.outcomes?.find((o) => o.serial === reset.serial);
  if (outcome === undefined) return false;
  if (reset.action === 'DeactivateMFADevice') return outcome.deactivated;
  return outcome.deleted || (executed.reconciled && outcome.deactivated);
}

/** Why a reset is not accounted for, or undefined when one of the candidates accounts for it. */
export function unaccountedReason(
  reset: AccountMfaReset,
  candidates: readonly ExecutedRequest[],
): UnaccountedReason | undefined {
  if (candidates.some((candidate) => requestAccountsFor(candidate, reset))) return undefined;
  const named = candidates.some((candidate) =>
    candidate.request.devices.some((device) => device.serial === reset.serial),
  );
  return named ? 'device-not-reset-by-request' : 'no-request';
}
