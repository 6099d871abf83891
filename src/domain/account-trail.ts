import type { TargetAccount } from './accounts.js';
import {
  byRequestSession,
  byResetRoleSession,
  changeKeyIn,
  type RecordedRoleSession,
  type ResetRoleAccount,
  ranIn,
  userKeyIn,
} from './member-trail.js';
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

/** One successful `EnableMFADevice` in the account: a member enrolling a device, and from where. */
export interface AccountMfaEnablement {
  readonly eventId: string;
  readonly at: string;
  readonly iamUserName: string;
  readonly serial: string;
  /** CloudTrail's `sourceIPAddress`: an IP address, or an AWS service's name for calls it made. */
  readonly sourceIp?: string;
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
  /**
   * The access key ID of the STS session the bot made the changes with, as its EXECUTION_STARTED
   * event recorded it (an identifier, not a secret): CloudTrail names the same key as the caller's.
   */
  readonly sessionKeyId?: string;
  /**
   * In a member account: the reset role's session that signed the changes there, as the start
   * event recorded it (`accountId`, `roleSessionName`, `roleSessionKeyId`).
   */
  readonly roleSession?: RecordedRoleSession;
  /** Closed by the reconciler after a crash: it knows a device was deactivated, not whether it was deleted. */
  readonly reconciled: boolean;
}

/**
 * Why a reset is not accounted for: made by someone other than the bot's own MFA sessions
 * (`not-the-bot`); by one of them, but no request of the trail started with that session
 * (`unrecorded-session`); no request names the device (`no-request`); or a request names it but
 * did not reset it then (`device-not-reset-by-request`).
 */
export type UnaccountedReason =
  | 'not-the-bot'
  | 'unrecorded-session'
  | 'no-request'
  | 'device-not-reset-by-request';

/** Each reason in words, for the CLI's lines and the alarm ("… by CALLER, and REASON"). */
export const unaccountedReasonText: Readonly<Record<UnaccountedReason, string>> = {
  'not-the-bot': 'the caller is not an MFA session of the bot’s own IAM user',
  'unrecorded-session': 'the bot’s MFA session that made it started no request of the trail',
  'no-request': 'no request of the bot names this device at that time',
  'device-not-reset-by-request':
    'a request names this device, but its recorded outcome does not include this change',
};

/** In a member account, the two reasons that name the caller say so in that account's terms. */
const memberReasonText: Readonly<Partial<Record<UnaccountedReason, string>>> = {
  'not-the-bot': 'the caller is not an MFA session of the bot’s reset role in that account',
  'unrecorded-session': 'the reset role’s session that made it is recorded by no request of the trail',
};

/** A reason in words, in the terms of the reset's account. */
export function reasonText(reset: Pick<UnaccountedReset, 'reason' | 'account'>): string {
  const member = reset.account === undefined ? undefined : memberReasonText[reset.reason];
  return member ?? unaccountedReasonText[reset.reason];
}

/** The IAM user whose MFA sessions make the bot's changes: the only caller a request can account for. */
export interface StepUpIdentity {
  readonly userName: string;
}

/**
 * The account whose CloudTrail is checked: the home account, where the step-up user's MFA sessions
 * make the bot's changes, or a member account, where sessions of its reset role make them.
 */
export type CheckedAccount =
  | { readonly kind: 'home'; readonly stepUp: StepUpIdentity }
  | { readonly kind: 'member'; readonly account: ResetRoleAccount };

/**
 * Whether the step-up user made this change with an MFA session, as CloudTrail records it: an
 * `IAMUser` caller of that name, with `mfaAuthenticated`. IAM user names are unique without case.
 */
export function byStepUpSession(reset: AccountMfaReset, stepUp: StepUpIdentity): boolean {
  const { caller } = reset;
  return (
    caller.type === 'IAMUser' &&
    caller.userName?.toLowerCase() === stepUp.userName.toLowerCase() &&
    caller.mfaAuthenticated === true
  );
}

export interface UnaccountedReset extends AccountMfaReset {
  readonly reason: UnaccountedReason;
  /** The member account whose CloudTrail recorded it; absent for the home account. */
  readonly account?: TargetAccount;
}

/**
 * Whether a request of the trail, approved and executed, made this change in the account: the home
 * account's (no `account`) or the member account's given. An execution in another account never does.
 */
export function requestAccountsFor(
  executed: ExecutedRequest,
  reset: AccountMfaReset,
  account?: ResetRoleAccount,
): boolean {
  const { request } = executed;
  if (!request.devices.some((device) => device.serial === reset.serial)) return false;
  const key = changeKeyIn(executed, account);
  if (key === undefined || key !== reset.caller.accessKeyId) return false;
  if (account !== undefined && !byRequestSession(reset, account, request.id)) return false;
  if (reset.iamUserName !== undefined && userKeyIn(reset.iamUserName, account) !== request.target.iamUserName)
    return false;
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
  checked: CheckedAccount,
): UnaccountedReason | undefined {
  const account = checked.kind === 'member' ? checked.account : undefined;
  const byBot =
    checked.kind === 'home'
      ? byStepUpSession(reset, checked.stepUp)
      : byResetRoleSession(reset, checked.account);
  if (!byBot) return 'not-the-bot';
  // Only executions in this account: another account's never explains, nor names, a change here.
  const here = candidates.filter((candidate) => ranIn(candidate, account));
  if (here.some((candidate) => requestAccountsFor(candidate, reset, account))) return undefined;
  const named = here.some((candidate) =>
    candidate.request.devices.some((device) => device.serial === reset.serial),
  );
  if (!named) return 'no-request';
  const session = here.some((candidate) => changeKeyIn(candidate, account) === reset.caller.accessKeyId);
  return session ? 'device-not-reset-by-request' : 'unrecorded-session';
}
