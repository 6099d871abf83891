import type { ChainPosition } from '../domain/alarms.js';
import type { AuditEvent } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import {
  chainHeadKey,
  dayPartition,
  eventKey,
  eventTimeSortKey,
  normaliseTime,
  partitions,
  requestKey,
  storageAttributes,
} from './table-layout.js';

/** An item as the DynamoDB document client reads and writes it. */
export type Item = Record<string, unknown>;

export function requestToItem(request: ResetRequest): Item {
  const onBehalf = request.target.slackUserId !== request.requesterSlackId;
  return {
    ...request,
    ...requestKey(request.id),
    entity: 'request',
    byStatePK: partitions.state(request.state),
    byStateSK: `${request.createdAt}#${request.id}`,
    byActorPK: partitions.requester(request.requesterSlackId),
    // Sparse: only requests made for someone else are filed under the member they are for.
    ...(onBehalf ? { byTargetPK: partitions.requestedFor(request.target.slackUserId) } : {}),
    eventTimeSK: `${request.createdAt}#REQ#${request.id}`,
  };
}

export function eventToItem(event: AuditEvent): Item {
  const at = normaliseTime(event.at);
  if (at === undefined) {
    throw new ResetError('INTERNAL', `Audit event ${event.eventId} has an invalid time "${event.at}".`, {
      details: { eventId: event.eventId },
    });
  }
  const item: Item = {
    ...event,
    ...eventKey(event.seq),
    entity: 'event',
    byDayPK: dayPartition(at.slice(0, 10)),
    eventTimeSK: eventTimeSortKey(at, event.seq),
  };
  // Sparse indexes: an event without a request, target user or member actor is simply not in them.
  if (event.requestId !== undefined) item.byRequestPK = partitions.request(event.requestId);
  if (event.target?.iamUserName !== undefined) item.byTargetPK = partitions.target(event.target.iamUserName);
  if (event.actor.slackUserId !== undefined) item.byActorPK = partitions.actor(event.actor.slackUserId);
  return item;
}

function domainFields(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !storageAttributes.has(key)));
}

/**
 * The storage-only attributes of `stored` that differ from what the store derives from its domain
 * fields (names, with what they should be), e.g. a `byTargetPK` edited to hide an event from
 * `audit export --user`. Their values are outside the hash, so they are checked this way instead.
 */
export function misderivedAttributes(stored: Item, derived: Item): { name: string; expected: string }[] {
  const names = new Set(
    [...Object.keys(stored), ...Object.keys(derived)].filter((k) => storageAttributes.has(k)),
  );
  return [...names]
    .filter((name) => stored[name] !== derived[name])
    .map((name) => ({ name, expected: derived[name] === undefined ? '(absent)' : String(derived[name]) }));
}

export function itemToRequest(item: Item): ResetRequest {
  return domainFields(item) as unknown as ResetRequest;
}

export function itemToEvent(item: Item): AuditEvent {
  return domainFields(item) as unknown as AuditEvent;
}

/**
 * The chain head also remembers the first and last day that holds events, so that a time query
 * without bounds knows which day partitions to walk.
 */
export interface StoredChainHead extends ChainPosition {
  readonly earliestDay?: string;
  readonly latestDay?: string;
}

export function chainHeadToItem(head: StoredChainHead): Item {
  return { ...head, ...chainHeadKey, entity: 'chainHead' };
}

export function itemToChainHead(item: Item): StoredChainHead {
  const { seq, hash, earliestDay, latestDay } = item;
  if (typeof seq !== 'number' || typeof hash !== 'string') {
    throw new ResetError('AUDIT_STORE_UNAVAILABLE', 'The audit chain head item is malformed.', {
      details: { seq: String(seq), hash: String(hash) },
    });
  }
  return {
    seq,
    hash,
    ...(typeof earliestDay === 'string' ? { earliestDay } : {}),
    ...(typeof latestDay === 'string' ? { latestDay } : {}),
  };
}

/** The UTC day (yyyy-mm-dd) of an event, for its day partition. */
export function dayOfEvent(event: { readonly at: string }): string | undefined {
  return normaliseTime(event.at)?.slice(0, 10);
}
