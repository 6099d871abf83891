/**
 * The single-table layout of the audit table (config `audit.table`). Domain fields are stored as
 * plain top-level attributes so people can read items in the console; the attributes below are
 * storage-only keys, derived from the domain fields on every write.
 *
 *   item          PK               SK      index keys
 *   request       REQ#<id>         REQ     byState: byStatePK = STATE#<state>, byStateSK = <createdAt>#<id>
 *   audit event   EVT#<seq:12>     EVT     byRequest/byTarget/byActor/byDay, all sorted by eventTimeSK
 *   chain head    CHAIN            HEAD    (none)
 *   chain watch   CHAIN            WATCH   (none): the chain watchers' shared checkpoint
 *   alarm claim   ALARM#<key>      ALARM   (none): one per alarm raised, so it is raised once
 *
 * Event index keys: byRequestPK = REQ#<requestId>, byTargetPK = IAMUSER#<iamUserName>,
 * byActorPK = SLACK#<slackUserId>, byDayPK = DAY#<yyyy-mm-dd of `at`, UTC>, and the shared sort key
 * eventTimeSK = <`at` as UTC ISO-8601 with milliseconds>#<seq:12>, so time bounds are key conditions.
 *
 * Request items are also in the byActor index, under their requester: byActorPK = REQUESTER#<slackUserId>,
 * eventTimeSK = <createdAt>#REQ#<id>. That partition prefix never meets an event's SLACK#<id>, so a
 * member's own requests are one Query without a sixth index (which every table would have to add).
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

export const chainWatchKey = { PK: 'CHAIN', SK: 'WATCH' } as const;

export function alarmKey(key: string): { PK: string; SK: string } {
  return { PK: `ALARM#${key}`, SK: 'ALARM' };
}

export function requestKey(requestId: string): { PK: string; SK: string } {
  return { PK: `REQ#${requestId}`, SK: 'REQ' };
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
