import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import { isFinal, type RequestState, type ResetRequest } from '../domain/request.js';
import type { ConditionalItem } from './chain-write.js';
import { getItem } from './consistent-get.js';
import type { StoreContext } from './context.js';
import { followItem } from './enrolments.js';
import { storeUnavailable } from './errors.js';
import { recordsOfEvents } from './event-records.js';
import { type Item, itemToRequest, requestToItem } from './items.js';
import { isServableRequest, keysOf } from './served-items.js';
import {
  creationRecordKey,
  iamUserLockKey,
  indexKeys,
  indexNames,
  partitions,
  requestKey,
} from './table-layout.js';

/**
 * A new request with its first audit events, the lock of its IAM user and the record of where its
 * REQUEST_CREATED event landed. Nothing is written if the id is taken (REQUEST_ALREADY_HANDLED) or
 * the IAM user already has an open request (REQUEST_ALREADY_OPEN).
 */
export async function insertRequest(
  context: StoreContext,
  request: ResetRequest,
  events: readonly AuditEventDraft[],
): Promise<AuditEvent[]> {
  const created = events.find((event) => event.type === 'REQUEST_CREATED' && event.requestId === request.id);
  if (created === undefined) {
    throw new ResetError(
      'INTERNAL',
      `Request ${request.id} must be created with its REQUEST_CREATED event.`,
      {
        details: { requestId: request.id },
      },
    );
  }
  const iamUserName = request.target.iamUserName;
  return context.chainWriter.write({
    items: [
      {
        action: 'put',
        item: requestToItem(request),
        condition: 'attribute_not_exists(PK)',
        whenConditionFails: { refuse: alreadyHandled(request.id) },
      },
      {
        action: 'put',
        item: { ...iamUserLockKey(iamUserName), entity: 'lock', iamUserName, requestId: request.id },
        condition: 'attribute_not_exists(PK)',
        whenConditionFails: {
          refuse: new ResetError('REQUEST_ALREADY_OPEN', `IAM user ${iamUserName} has an open request.`, {
            details: { iamUserName, requestId: request.id },
          }),
        },
      },
    ],
    recordEvents: (chained) => {
      const event = chained.find((e) => e.eventId === created.eventId)!;
      return [
        {
          action: 'put',
          item: {
            ...creationRecordKey(request.id),
            entity: 'creationRecord',
            seq: event.seq,
            hash: event.hash,
          },
          condition: 'attribute_not_exists(PK)',
          whenConditionFails: { refuse: alreadyHandled(request.id) },
        },
      ];
    },
    drafts: events,
  });
}

/**
 * Replaces the request with `next` if it is still exactly `previous` (same state and version);
 * otherwise someone else won the race and nothing, not even the events, is written. A move into a
 * final state frees the IAM user in the same write (if this request holds it; requests made
 * before the lock existed hold none), and a move into COMPLETED starts following the IAM user for
 * a new MFA device (`followItem`). Events leave their records (`recordsOfEvents`).
 */
export async function updateRequest(
  context: StoreContext,
  previous: ResetRequest,
  next: ResetRequest,
  events: readonly AuditEventDraft[],
): Promise<AuditEvent[]> {
  const details = { requestId: previous.id, previousVersion: previous.version, nextVersion: next.version };
  if (next.id !== previous.id || next.version !== previous.version + 1) {
    throw new ResetError('INTERNAL', `An update of request ${previous.id} must be its next version.`, {
      details,
    });
  }
  if (next.state !== previous.state && events.length === 0) {
    // A state change without its audit event must not exist (decision 002).
    throw new ResetError('INTERNAL', `Request ${previous.id} cannot change state without an audit event.`, {
      details,
    });
  }
  const items: ConditionalItem[] = [
    {
      action: 'put',
      item: requestToItem(next),
      condition: '#state = :previousState AND #version = :previousVersion',
      names: { '#state': 'state', '#version': 'version' },
      values: { ':previousState': previous.state, ':previousVersion': previous.version },
      whenConditionFails: { refuse: alreadyHandled(previous.id) },
    },
  ];
  if (isFinal(next.state) && !isFinal(previous.state)) items.push(lockRelease(next));
  if (next.state === 'COMPLETED' && previous.state !== 'COMPLETED') items.push(followItem(next));
  return context.chainWriter.write({ items, drafts: events, ...recordsOfEvents(events) });
}

function lockRelease(request: ResetRequest): ConditionalItem {
  return {
    action: 'delete',
    item: iamUserLockKey(request.target.iamUserName),
    condition: 'attribute_not_exists(PK) OR requestId = :requestId',
    values: { ':requestId': request.id },
    // Held by another request: not this request's to free.
    whenConditionFails: 'leave-out',
  };
}

function alreadyHandled(requestId: string): ResetError {
  return new ResetError('REQUEST_ALREADY_HANDLED', `Request ${requestId} was changed by someone else.`, {
    details: { requestId },
  });
}

export async function getRequest(context: StoreContext, id: string): Promise<ResetRequest | undefined> {
  const item = await getItem(context, requestKey(id), 'read a request');
  return item === undefined ? undefined : itemToRequest(item);
}

/** One consistent read of the lock of an IAM user. */
export async function openRequestFor(
  context: StoreContext,
  iamUserName: string,
): Promise<string | undefined> {
  try {
    const { Item: item } = await context.documents.send(
      new GetCommand({
        TableName: context.tableName,
        Key: iamUserLockKey(iamUserName),
        ConsistentRead: true,
        ProjectionExpression: 'requestId',
      }),
    );
    const requestId: unknown = item?.requestId;
    return typeof requestId === 'string' ? requestId : undefined;
  } catch (error) {
    throw storeUnavailable(error, 'read the lock of an IAM user');
  }
}

/** Requests in `state`, oldest first unless `newestFirst`, at most `limit` (the work lists and App Home). */
export async function listRequestsByState(
  context: StoreContext,
  state: RequestState,
  limit = 100,
  options: { readonly newestFirst?: boolean } = {},
): Promise<ResetRequest[]> {
  return queryRequests(context, {
    index: 'byState',
    partition: partitions.state(state),
    limit,
    newestFirst: options.newestFirst ?? false,
  });
}

/** The requests a member made, newest first (request items carry their requester in the byActor index). */
export async function listRequestsByRequester(
  context: StoreContext,
  slackUserId: string,
  limit: number,
): Promise<ResetRequest[]> {
  return queryRequests(context, {
    index: 'byActor',
    partition: partitions.requester(slackUserId),
    limit,
    newestFirst: true,
  });
}

/** Request items of one index partition, following pages up to `limit`; items planted with a request's index keys elsewhere are skipped. */
export async function queryRequests(
  context: StoreContext,
  query: {
    index: 'byState' | 'byActor' | 'byTarget';
    partition: string;
    limit: number;
    newestFirst: boolean;
  },
): Promise<ResetRequest[]> {
  const { limit } = query;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ResetError(
      'INTERNAL',
      `Cannot list ${limit} requests: the limit must be a positive whole number.`,
    );
  }
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const output = await context.documents.send(
        new QueryCommand({
          TableName: context.tableName,
          IndexName: indexNames[query.index],
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': indexKeys[query.index].pk },
          ExpressionAttributeValues: { ':pk': query.partition },
          ScanIndexForward: !query.newestFirst,
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      const found = (output.Items ?? []) as Item[];
      const served = found.filter(isServableRequest);
      if (served.length < found.length) {
        const skipped = keysOf(found.filter((item) => !isServableRequest(item)));
        context.logger.warn({ skipped }, 'request list skipped index items that are not requests');
      }
      items.push(...served);
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined && items.length < limit);
  } catch (error) {
    throw storeUnavailable(error, 'list requests');
  }
  return items.map(itemToRequest);
}
