import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import type { MfaDevice } from '../domain/devices.js';
import type { DeviceAttempts } from '../domain/lockout.js';
import type { RequestState, ResetRequest } from '../domain/request.js';

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
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * IAM, as the bot uses it. Failures: IAM_USER_NOT_FOUND is expressed as `undefined` from the
 * look-ups; the mutations throw AWS_MFA_REQUIRED (the runbook's "authenticated with an MFA device"
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
  /** All MFA devices of the user, following pagination. */
  listMfaDevices(userName: string): Promise<MfaDevice[]>;
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
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
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
 * user has no other open request (REQUEST_ALREADY_OPEN otherwise), and the IAM user is free again
 * in the same write that moves the request into a final state.
 * Throws REQUEST_ALREADY_HANDLED when the condition fails (someone else won a race) and
 * AUDIT_STORE_UNAVAILABLE when the store cannot be written.
 */
export interface Store {
  createRequest(request: ResetRequest, events: readonly AuditEventDraft[]): Promise<WrittenEvents>;
  updateRequest(
    previous: ResetRequest,
    next: ResetRequest,
    events: readonly AuditEventDraft[],
  ): Promise<WrittenEvents>;
  getRequest(id: string): Promise<ResetRequest | undefined>;
  /** Events that change no request (refusals, rejected codes on a request that stays as it is). */
  appendAudit(events: readonly AuditEventDraft[]): Promise<WrittenEvents>;
  listRequestsByState(state: RequestState, limit?: number): Promise<ResetRequest[]>;
  queryAudit(query: AuditQuery): Promise<AuditPage>;
  /** The id of the open request that holds this IAM user, if any. */
  openRequestFor(iamUserName: string): Promise<string | undefined>;
  /** The request's REQUEST_CREATED event, checked against its hash and the chain around it. */
  creationRecordOf(requestId: string): Promise<CreationRecord>;
}

/**
 * The code attempts of each request, counted outside the request item (which is rewritten whole)
 * so that parallel submissions cannot overwrite each other's count. An attempt is taken before STS
 * sees a code; taken attempts are wrong codes plus codes still being checked.
 */
export interface TokenAttempts {
  /** Takes one of the request's `max` attempts; false, taking nothing, when none is left. */
  reserve(requestId: string, max: number): Promise<boolean>;
  /** Gives a taken attempt back: AWS accepted the code, or never judged it. */
  release(requestId: string): Promise<void>;
  /** Keeps a taken attempt as a wrong code; returns how many wrong codes the request has had. */
  recordWrong(requestId: string): Promise<number>;
}

/** Each approver device's recent wrong codes and codes in flight (see domain/lockout.ts). */
export interface DeviceLockouts {
  /**
   * Reads the device's record, applies `change`, and writes the new record only if nobody wrote it
   * meanwhile, starting again from a fresh read otherwise. Returns what `change` returned.
   */
  update<T>(
    serial: string,
    change: (record: DeviceAttempts) => { readonly record: DeviceAttempts; readonly result: T },
  ): Promise<T>;
}

/** Slack deliveries already handled, kept for a while, across replicas. */
export interface Deliveries {
  /** True the first time `key` is claimed (a claim lasts until `until`); false for a repeat. */
  claim(key: string, at: { readonly now: Date; readonly until: Date }): Promise<boolean>;
}

/**
 * What a read of Slack's directory is for: a `decision` (who may approve) reads Slack itself; a
 * `display` may be answered from a short cache.
 */
export type DirectoryUse = 'decision' | 'display';

/** The e-mail on a member's Slack profile, and whether Slack says the member confirmed it. */
export interface ProfileEmail {
  readonly address: string;
  /** Slack's `is_email_confirmed`; false when Slack does not report it. */
  readonly confirmed: boolean;
}

/** Slack's view of people: profile e-mails and user-group membership. */
export interface Directory {
  /** Undefined for unknown, deactivated and bot accounts, and members without an e-mail. */
  profileEmail(slackUserId: string): Promise<ProfileEmail | undefined>;
  userGroupMembers(userGroupId: string, use: DirectoryUse): Promise<readonly string[]>;
}

/** The position and hash of an event in the chain, shown so it can be checked from outside the table. */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash: string;
}

/** Something the approvers must know about at once. */
export type SecurityAlert =
  | {
      readonly kind: 'device-locked';
      readonly approverSlackId: string;
      readonly mfaSerial: string;
      readonly until: string;
      readonly anchor?: ChainAnchor;
    }
  | {
      readonly kind: 'request-tampered';
      readonly request: ResetRequest;
      /** What differed: request facts (domain/request-facts.ts), `record` or `mapping`. */
      readonly facts: readonly string[];
      readonly anchor?: ChainAnchor;
    };

/** Messages to people about a request. Implemented with Slack; rendering lives with the adapter. */
export interface Notifier {
  /** Posts the request with Approve / Deny buttons to the approvals channel. */
  postApprovalRequest(request: ResetRequest): Promise<{ channel: string; ts: string }>;
  /**
   * Rewrites the approval message in place to show the current state and outcome; `anchor` is the
   * request's last event, shown once the request has ended.
   */
  updateApprovalRequest(request: ResetRequest, anchor?: ChainAnchor): Promise<void>;
  /** Posts an alert to the approvals channel. */
  postAlert(alert: SecurityAlert): Promise<void>;
  /** Direct message to the requester about the request's current state. */
  notifyRequester(request: ResetRequest): Promise<void>;
}
