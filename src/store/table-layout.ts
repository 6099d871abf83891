/**
 * The single-table layout of the audit table (config `audit.table`). Domain fields are stored as
 * plain top-level attributes so people can read items in the console; the attributes below are
 * storage-only keys, derived from the domain fields on every write.
 *
 *   item             PK                    SK        written                      holds
 *   request          REQ#<id>              REQ       with its events (Put whole)  the request; byState index keys
 *   creation record  REQ#<id>              CREATED   with REQUEST_CREATED         seq, hash of that event
 *   approval record  REQ#<id>              APPROVAL#<seq:12>  with APPROVAL_RECORDED  hash of that event (the key names it)
 *   code record      REQ#<id>              CODE#S#<submission>      with TOKEN_SUBMITTED    a code sent for the request
 *                    REQ#<id>              CODE#O#<seq:12>          with what settled it    (the keys say it all)
 *                    DEVICE#<serial>       CODE#<at>#S#<submission> with TOKEN_SUBMITTED    a code of that approver device
 *                    DEVICE#<serial>       CODE#<at>#O#<seq:12>     with what settled it
 *   code attempts    REQ#<id>              ATTEMPTS  UpdateItem ADD, conditional  reserved, wrong
 *   IAM user lock    LOCK#IAMUSER#<name>   LOCK      created/deleted with the     requestId of the one open
 *                                                    request's first/final write  request of that IAM user
 *   device lockout   DEVICE#<serial>       LOCKOUT   Put, conditional on version  failures, inFlight, version
 *   reminder         REQ#<id>              REMINDER#<n>  Put if absent            reminder n of a pending request was sent
 *   enrolment        ENROLMENT             <completedAt>#<id>  with the COMPLETED   a completed request whose IAM user the bot
 *                                                    write; Put/Delete conditional  follows for a new MFA device, and its stage
 *                                                    on its stage, with its events
 *   delivery         DELIVERY#<sha256>     DELIVERY  Put if absent or expired     a Slack delivery handled
 *   audit event      EVT#<seq:12>          EVT       append-only                  byRequest/byTarget/byActor/byDay
 *   chain head       CHAIN                 HEAD      with every append            seq, hash, earliest/latest day
 *   chain watch      CHAIN                 WATCH     conditional Put              the chain watchers' shared checkpoint
 *   alarm claim      ALARM#<key>           ALARM     Put once the alarm went out  when, until when, a keyed digest of them:
 *                                                                                a delivered alarm is not repeated till then
 *
 * Request index keys: byStatePK = STATE#<state>, byStateSK = <createdAt>#<id>.
 * Event index keys: byRequestPK = REQ#<requestId>, byTargetPK = IAMUSER#<iamUserName>,
 * byActorPK = SLACK#<slackUserId>, byDayPK = DAY#<yyyy-mm-dd of `at`, UTC>, and the shared sort key
 * eventTimeSK = <`at` as UTC ISO-8601 with milliseconds>#<seq:12>, so time bounds are key conditions.
 * Items that only matter for a while carry `expiresAtEpoch` (seconds), the table's TTL attribute;
 * DynamoDB deletes them some time after, so readers also treat a past value as absent.
 *
 * Request items are also in the byActor index, under their requester: byActorPK = REQUESTER#<slackUserId>,
 * eventTimeSK = <createdAt>#REQ#<id>. That partition prefix never meets an event's SLACK#<id>, so a
 * member's own requests are one Query without a sixth index (which every table would have to add).
 * A request made by one member for another (a help-desk request) is also in the byTarget index,
 * under the member it is for: byTargetPK = FOR#<slackUserId>, with the same eventTimeSK. Events'
 * IAMUSER#<name> partitions never meet it; requests a member made for themselves are not there.
 */

export const indexNames = {
  byState: 'byState',
  byRequest: 'byRequest',
  byTarget: 'byTarget',
  byActor: 'byActor',
  byDay: 'byDay',
} as const;

export type IndexName = (typeof indexNames)[keyof typeof indexNames];

/** Partition and sort key attribute of each global secondary index. */
export const indexKeys: Readonly<Record<IndexName, { readonly pk: string; readonly sk: string }>> = {
  byState: { pk: 'byStatePK', sk: 'byStateSK' },
  byRequest: { pk: 'byRequestPK', sk: 'eventTimeSK' },
  byTarget: { pk: 'byTargetPK', sk: 'eventTimeSK' },
  byActor: { pk: 'byActorPK', sk: 'eventTimeSK' },
  byDay: { pk: 'byDayPK', sk: 'eventTimeSK' },
};

/** Attributes that exist only for storage; everything else on an item is a domain field. */
export const storageAttributes: ReadonlySet<string> = new Set([
  'PK',
  'SK',
  'entity',
  ...Object.values(indexKeys).flatMap((key) => [key.pk, key.sk]),
]);

export const chainHeadKey = { PK: 'CHAIN', SK: 'HEAD' } as const;

/** The TTL attribute (epoch seconds) of items that only matter for a while. */
export const ttlAttribute = 'expiresAtEpoch';

export const chainWatchKey = { PK: 'CHAIN', SK: 'WATCH' } as const;

export function alarmKey(key: string): { PK: string; SK: string } {
  return { PK: `ALARM#${key}`, SK: 'ALARM' };
}

export function requestKey(requestId: string): { PK: string; SK: string } {
  return { PK: `REQ#${requestId}`, SK: 'REQ' };
}

export function creationRecordKey(requestId: string): { PK: string; SK: string } {
  return { PK: `REQ#${requestId}`, SK: 'CREATED' };
}

/** Sort key prefix of a request's approval records: one per APPROVAL_RECORDED event, by its seq. */
export const approvalRecordPrefix = 'APPROVAL#';

export function approvalRecordKey(requestId: string, seq: number): { PK: string; SK: string } {
  return { PK: `REQ#${requestId}`, SK: `${approvalRecordPrefix}${padSeq(seq)}` };
}

/** Sort key prefix of the code records (in a request's and in an approver device's partition). */
export const codeRecordPrefix = 'CODE#';

/** The record of a code sent for a request (`submission`), or of the event `seq` that settled one. */
export function requestCodeKey(
  requestId: string,
  code: { submission: string } | { seq: number },
): { PK: string; SK: string } {
  const tail = 'submission' in code ? `S#${code.submission}` : `O#${padSeq(code.seq)}`;
  return { PK: `REQ#${requestId}`, SK: `${codeRecordPrefix}${tail}` };
}

/** The same for an approver device, sorted by time (`at`, normalised) so a lockout window is a key range. */
export function deviceCodeKey(
  serial: string,
  at: string,
  code: { submission: string } | { seq: number },
): { PK: string; SK: string } {
  const tail = 'submission' in code ? `S#${code.submission}` : `O#${padSeq(code.seq)}`;
  return { PK: `DEVICE#${serial}`, SK: `${codeRecordPrefix}${at}#${tail}` };
}

export function attemptsKey(requestId: string): { PK: string; SK: string } {
  return { PK: `REQ#${requestId}`, SK: 'ATTEMPTS' };
}

export function iamUserLockKey(iamUserName: string): { PK: string; SK: string } {
  return { PK: `LOCK#IAMUSER#${iamUserName}`, SK: 'LOCK' };
}

export function deviceLockoutKey(serial: string): { PK: string; SK: string } {
  return { PK: `DEVICE#${serial}`, SK: 'LOCKOUT' };
}

export function reminderKey(requestId: string, number: number): { PK: string; SK: string } {
  return { PK: `REQ#${requestId}`, SK: `REMINDER#${number}` };
}

/** The one partition of the followed enrolments: a few items (recent completions), read oldest first. */
export const enrolmentPartition = 'ENROLMENT';

export function enrolmentKey(completedAt: string, requestId: string): { PK: string; SK: string } {
  return { PK: enrolmentPartition, SK: `${normaliseTime(completedAt) ?? completedAt}#${requestId}` };
}

export function deliveryKey(digest: string): { PK: string; SK: string } {
  return { PK: `DELIVERY#${digest}`, SK: 'DELIVERY' };
}

/** Zero-padded so that keys sort in sequence order (12 digits: a trillion events). */
export function padSeq(seq: number): string {
  return String(seq).padStart(12, '0');
}

export function eventKey(seq: number): { PK: string; SK: string } {
  return { PK: `EVT#${padSeq(seq)}`, SK: 'EVT' };
}

/**
 * An ISO-8601 time in the one format whose string order is time order (UTC, milliseconds), or
 * undefined when it is not a time.
 */
export function normaliseTime(iso: string): string | undefined {
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** Index partition values, shared by the writer and the queries so they cannot drift apart. */
export const partitions = {
  state: (state: string) => `STATE#${state}`,
  request: (requestId: string) => `REQ#${requestId}`,
  target: (iamUserName: string) => `IAMUSER#${iamUserName}`,
  actor: (slackUserId: string) => `SLACK#${slackUserId}`,
  requester: (slackUserId: string) => `REQUESTER#${slackUserId}`,
  /** Requests someone else made for this member. */
  requestedFor: (slackUserId: string) => `FOR#${slackUserId}`,
} as const;

export function dayPartition(day: string): string {
  return `DAY#${day}`;
}

export function eventTimeSortKey(normalisedAt: string, seq: number): string {
  return `${normalisedAt}#${padSeq(seq)}`;
}

/** Upper bound for sort keys up to and including `normalisedTo` ('~' sorts after '#' and digits). */
export function timeUpperBound(normalisedTo: string): string {
  return `${normalisedTo}#~`;
}
