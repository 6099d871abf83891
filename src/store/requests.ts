import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEventDraft } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import type { RequestState, ResetRequest } from '../domain/request.js';
import { writeWithChain } from './chain-writer.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { type Item, itemToRequest, requestToItem } from './items.js';
import { indexKeys, indexNames, partitions, requestKey } from './table-layout.js';

/** A new request with its first audit events; REQUEST_ALREADY_HANDLED, writing nothing, if the id is taken. */
export async function createRequest(
  context: StoreContext,
  request: ResetRequest,
  events: readonly AuditEventDraft[],
): Promise<void> {
  if (events.length === 0) {
    throw new ResetError('INTERNAL', `Request ${request.id} must be created with its audit event.`, {
      details: { requestId: request.id },
    });
  }
  await writeWithChain(context, {
    request: { requestId: request.id, item: requestToItem(request), condition: 'attribute_not_exists(PK)' },
    drafts: events,
  });
}

/**
 * Replaces the request with `next` if it is still exactly `previous` (same state and version);
 * otherwise someone else won the race and nothing, not even the events, is written.
 */
export async function updateRequest(
  context: StoreContext,
  previous: ResetRequest,
  next: ResetRequest,
  events: readonly AuditEventDraft[],
): Promise<void> {
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
  await writeWithChain(context, {
    request: {
      requestId: previous.id,
      item: requestToItem(next),
      condition: '#state = :previousState AND #version = :previousVersion',
      names: { '#state': 'state', '#version': 'version' },
      values: { ':previousState': previous.state, ':previousVersion': previous.version },
    },
    drafts: events,
  });
}

export async function getRequest(context: StoreContext, id: string): Promise<ResetRequest | undefined> {
  try {
    const { Item: item } = await context.documents.send(
      new GetCommand({ TableName: context.tableName, Key: requestKey(id), ConsistentRead: true }),
    );
    return item === undefined ? undefined : itemToRequest(item);
  } catch (error) {
    throw storeUnavailable(error, 'read a request');
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

async function queryRequests(
  context: StoreContext,
  query: { index: 'byState' | 'byActor'; partition: string; limit: number; newestFirst: boolean },
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
      items.push(...((output.Items ?? []) as Item[]));
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined && items.length < limit);
  } catch (error) {
    throw storeUnavailable(error, 'list requests');
  }
  return items.map(itemToRequest);
}
