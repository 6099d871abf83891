import type { AccountMfaEnablement, AccountMfaReset } from '../domain/account-trail.js';
import type { MemberAccount } from '../domain/accounts.js';
import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import type { ChainedCodes } from '../domain/code-submissions.js';
import type { MfaDevice } from '../domain/devices.js';
import type { ResetRoleAccount } from '../domain/member-trail.js';
import type { MemberDm, RequestState, ResetRequest } from '../domain/request.js';
import type { IamRiskFacts } from '../domain/risk-facts.js';

/** Where an event sits in the audit chain (`{ seq, hash }`): the domain's one type for it. */
export type { ChainPosition } from '../domain/alarms.js';
export type {
  AlarmClaims,
  AnchoredChain,
  AuditChain,
  ChainAnchors,
  ChainSegmentCheck,
  ChainWatchState,
} from './chain-ports.js';
export type { Deliveries, DeviceLockouts, Enrolments, Reminders, TokenAttempts } from './guard-ports.js';
export type { Directory, DirectoryUse, Notifier, ProfileEmail } from './people-ports.js';

/**
 * The small interfaces the use cases are written against. Adapters in aws/, store/ and slack/
 * implement them and translate vendor failures into `ResetError`s with the codes named here.
 */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique, URL-safe identifier. */
  newId(): string;
}

export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(fields: object): Logger;
}

/** Short-lived credentials from STS that carry MFA context. Held in memory for one approval only. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface IamUser {
  readonly userName: string;
  readonly arn: string;
  /** The user's IAM path (`/` unless it was created with one), which approval rules may match. */
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * IAM, as the bot uses it. Failures: IAM_USER_NOT_FOUND is expressed as `undefined` from the
 * look-ups; the mutations throw AWS_MFA_REQUIRED (IAM's "authenticated with an MFA device"
 * AccessDenied), AWS_ACCESS_DENIED, AWS_DEVICE_NOT_FOUND, AWS_THROTTLED or AWS_UNAVAILABLE.
 */
export interface Iam {
  getUser(userName: string): Promise<IamUser | undefined>;
  /**
   * Every IAM user whose tag `key` (compared without case, as IAM does) equals `value`, for the
   * `tag` mapping rule: more than one is for the caller to refuse, never to choose from. IAM
   * cannot search by tag, so adapters read the account's users and their tags; they may reuse
   * one reading for a short while, and refuse (CONFIG_INVALID) an account too large to read.
   */
  findUsersByTag(key: string, value: string): Promise<readonly IamUser[]>;
  /**
   * What an approver should weigh about the user (console password and last sign-in, active
   * access keys, groups, attached and inline policies), every read bounded in time. Never throws:
   * a fact that could not be read (error, denied, timed out) is unknown.
   */
  readRiskFacts(userName: string): Promise<IamRiskFacts>;
  /** All MFA devices of the user, following pagination. */
  listMfaDevices(userName: string): Promise<MfaDevice[]>;
  /**
   * Serials of the account's virtual MFA devices assigned to nobody (ListVirtualMFADevices,
   * AssignmentStatus Unassigned), following pagination: a device deactivated but not deleted.
   */
  listUnassignedVirtualMfaDevices(): Promise<string[]>;
  deactivateMfaDevice(input: {
    userName: string;
    serial: string;
    credentials?: TemporaryCredentials;
  }): Promise<void>;
  deleteVirtualMfaDevice(input: { serial: string; credentials?: TemporaryCredentials }): Promise<void>;
  /** Drops whatever was built for these session credentials; called when the reset is done. */
  releaseCredentials(credentials: TemporaryCredentials): void;
}

/**
 * STS GetSessionToken, called once per approval with SDK retries off (a TOTP code is single-use).
 * Throws TOKEN_CODE_REJECTED when AWS refuses the code, otherwise the AWS_* codes.
 */
export interface Sts {
  getSessionToken(input: {
    serial: string;
    code: string;
    durationSeconds: number;
  }): Promise<TemporaryCredentials>;
  /**
   * AssumeRole into a member account's reset role with the MFA-backed session of `getSessionToken`
   * (the session carries the MFA context the role's trust requires). Nothing is retried with the
   * approver's code: it was spent on the session. Throws MEMBER_ROLE_REFUSED when the trust, the
   * external ID or a missing role refuses it, AWS_DENIED_BY_SCP, otherwise the AWS_* codes.
   */
  assumeResetRole(input: {
    session: TemporaryCredentials;
    account: MemberAccount;
    sessionName: string;
  }): Promise<TemporaryCredentials>;
}

export type AuditQuery = (
  | { readonly by: 'request'; readonly requestId: string }
  | { readonly by: 'target'; readonly iamUserName: string }
  | { readonly by: 'actor'; readonly slackUserId: string }
  | { readonly by: 'time' }
) & {
  /** Inclusive ISO-8601 bounds on the event time. */
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  /** Opaque cursor from a previous page of the same query, in the same order. */
  readonly cursor?: string;
  /** Newest first (what people reviewing the trail want) instead of oldest first (exports). */
  readonly newestFirst?: boolean;
};

export interface AuditPage {
  readonly events: readonly AuditEvent[];
  readonly cursor?: string;
}

/** The events a write added to the chain, in order, with their sequence numbers and hashes. */
export type WrittenEvents = readonly AuditEvent[];

/** Where a request's REQUEST_CREATED event is, and whether the chain still vouches for it. */
export type CreationRecord =
  | { readonly status: 'intact'; readonly event: AuditEvent }
  /** Missing, edited, or no longer linked into the chain: `problem` says which. */
  | { readonly status: 'broken'; readonly problem: string };

/**
 * Requests and their audit trail. Every write is atomic: the request (conditioned on the state and
 * version it was read with) and its audit events land together or not at all, and return the
 * events as chained. Store rules that no use case can forget: a request is created only if its IAM
 * user has no other open request (REQUEST_ALREADY_OPEN otherwise), the IAM user is free again
 * in the same write that moves the request into a final state, and the write that makes it
 * COMPLETED starts following its IAM user for a new MFA device (`Enrolments`).
 * Throws REQUEST_ALREADY_HANDLED when the condition fails (someone else won a race) and
 * AUDIT_STORE_UNAVAILABLE when the store cannot be written.
 */
export interface Store {
  insertRequest(request: ResetRequest, events: readonly AuditEventDraft[]): Promise<WrittenEvents>;
  updateRequest(
    previous: ResetRequest,
    next: ResetRequest,
    events: readonly AuditEventDraft[],
  ): Promise<WrittenEvents>;
  getRequest(id: string): Promise<ResetRequest | undefined>;
  /**
   * Notes where the DMs about a pending request are, so they can be rewritten once it is not. Not a
   * fact of the request: no new version, no audit event, nothing if it is no longer pending.
   */
  rememberMemberDms(requestId: string, dms: readonly MemberDm[]): Promise<void>;
  /** Events that change no request (refusals, rejected codes on a request that stays as it is). */
  appendAudit(events: readonly AuditEventDraft[]): Promise<WrittenEvents>;
  /** Requests in `state`, oldest first unless `newestFirst`, at most `limit` (default 100). */
  listRequestsByState(
    state: RequestState,
    limit?: number,
    options?: { readonly newestFirst?: boolean },
  ): Promise<ResetRequest[]>;
  /** The requests a member made, newest first, at most `limit`. */
  listRequestsByRequester(slackUserId: string, limit: number): Promise<ResetRequest[]>;
  /**
   * The requests someone else made for this member (help-desk requests), newest first, at most
   * `limit`. A member's own requests are not among them: those are `listRequestsByRequester`'s.
   */
  listRequestsForMember(slackUserId: string, limit: number): Promise<ResetRequest[]>;
  queryAudit(query: AuditQuery): Promise<AuditPage>;
  /** The request's REQUEST_CREATED event, checked against its hash and the chain around it. */
  creationRecordOf(requestId: string): Promise<CreationRecord>;
  /**
   * The request's APPROVAL_RECORDED events (and its REQUEST_CONFIRMED, recorded the same way) the
   * chain vouches for, read consistently: the approvals and the confirmation that count. `listed`:
   * how many approvals the request item lists (older requests are looked up otherwise).
   */
  recordedApprovalsOf(requestId: string, listed: number): Promise<readonly AuditEvent[]>;
  /**
   * The codes sent for the request and with the device since `since`, and what the chain says
   * became of each, read consistently: what the guards' counters must agree with.
   */
  chainedCodesOf(query: {
    readonly requestId: string;
    readonly serial: string;
    readonly since: string;
  }): Promise<ChainedCodes>;
}

/** The account's own record of MFA resets (CloudTrail management events). */
export interface AccountTrail {
  /** Every successful DeactivateMFADevice and DeleteVirtualMFADevice between the two times. */
  mfaResets(range: { readonly from: Date; readonly to: Date }): Promise<AccountMfaReset[]>;
}

/** A member account's CloudTrail, and the reset role whose sessions make the bot's changes there. */
export interface MemberAccountTrail {
  readonly account: ResetRoleAccount;
  readonly trail: AccountTrail;
}

/** The account's record of MFA devices enabled (CloudTrail): where a member enrolled a device from. */
export interface EnrolmentTrail {
  /** Every successful EnableMFADevice of the IAM user between the two times (its source address among the facts). */
  mfaEnablements(query: {
    readonly iamUserName: string;
    readonly from: Date;
    readonly to: Date;
  }): Promise<AccountMfaEnablement[]>;
}
