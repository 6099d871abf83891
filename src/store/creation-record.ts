import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CreationRecord } from '../services/ports.js';
import { hashMatches, linkedFromChain, readTogether } from './chain-link.js';
import { getItem } from './consistent-get.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { type Item, itemToEvent } from './items.js';
import {
  chainHeadKey,
  creationRecordKey,
  eventKey,
  indexKeys,
  indexNames,
  partitions,
} from './table-layout.js';

/**
 * The REQUEST_CREATED event of a request, read consistently through the record written with it,
 * and checked: its hash recomputes from its content, and the chain links to it (the next event's
 * `prevHash`, or the head when it is the last event). Forging it would take rewriting every event
 * after it and the head, which `audit verify --anchor` catches. Requests made before the record
 * existed are found through the request index instead.
 */
export async function creationRecordOf(context: StoreContext, requestId: string): Promise<CreationRecord> {
  const record = await getItem(context, creationRecordKey(requestId), 'read a creation record');
  const seq = typeof record?.seq === 'number' ? record.seq : await seqFromIndex(context, requestId);
  if (seq === undefined) return broken(`request ${requestId} has no REQUEST_CREATED event.`);
  const [eventItem, nextItem, headItem] = await readTogether(context, [
    eventKey(seq),
    eventKey(seq + 1),
    chainHeadKey,
  ]);
  if (eventItem === undefined)
    return broken(`event ${seq}, the creation of request ${requestId}, is missing.`);
  const event = itemToEvent(eventItem);
  if (event.type !== 'REQUEST_CREATED' || event.requestId !== requestId || event.seq !== seq) {
    return broken(`event ${seq} is not the creation of request ${requestId}.`);
  }
  if (!hashMatches(event) || (record !== undefined && record.hash !== event.hash)) {
    return broken(`event ${seq}, the creation of request ${requestId}, no longer matches its hash.`);
  }
  const linked = await linkedFromChain(context, { event, nextItem, headItem });
  return linked ? { status: 'intact', event } : broken(`the chain does not link to event ${seq}.`);
}

/** The seq of the first REQUEST_CREATED among the request's events, from the (eventually consistent) index. */
async function seqFromIndex(context: StoreContext, requestId: string): Promise<number | undefined> {
  try {
    const output = await context.documents.send(
      new QueryCommand({
        TableName: context.tableName,
        IndexName: indexNames.byRequest,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': indexKeys.byRequest.pk },
        ExpressionAttributeValues: { ':pk': partitions.request(requestId) },
        Limit: 25,
      }),
    );
    const created = ((output.Items ?? []) as Item[]).find((item) => item.type === 'REQUEST_CREATED');
    return typeof created?.seq === 'number' ? created.seq : undefined;
  } catch (error) {
    throw storeUnavailable(error, 'find the creation of a request');
  }
}

function broken(problem: string): CreationRecord {
  return { status: 'broken', problem };
}
