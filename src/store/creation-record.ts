import { QueryCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import type { CreationRecord } from '../services/ports.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { hashOf } from './hash-chain.js';
import { type Item, itemToChainHead, itemToEvent } from './items.js';
import { getItem } from './requests.js';
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

/** How often a snapshot read is tried while appends keep changing the items it reads. */
const SNAPSHOT_ROUNDS = 3;

/**
 * The items as of one moment (TransactGetItems: one round trip, and the next event and the head
 * cannot be read from two different moments). A read that keeps colliding with appends falls back
 * to reading each item on its own; `linkedFromChain` copes with the head moving meanwhile.
 */
async function readTogether(
  context: StoreContext,
  keys: readonly { PK: string; SK: string }[],
): Promise<(Item | undefined)[]> {
  for (let round = 1; round <= SNAPSHOT_ROUNDS; round++) {
    try {
      const output = await context.documents.send(
        new TransactGetCommand({
          TransactItems: keys.map((Key) => ({ Get: { TableName: context.tableName, Key } })),
        }),
      );
      return keys.map((_, index) => output.Responses?.[index]?.Item as Item | undefined);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TransactionCanceledException')) {
        throw storeUnavailable(error, 'read an audit event and its successor');
      }
    }
  }
  return Promise.all(keys.map((key) => getItem(context, key, 'read an audit event and its successor')));
}

/** Whether the chain vouches for `event`: the next event names its hash, or the head does. */
async function linkedFromChain(
  context: StoreContext,
  read: { event: AuditEvent; nextItem: Item | undefined; headItem: Item | undefined },
): Promise<boolean> {
  const { event } = read;
  let next = read.nextItem;
  if (next === undefined && read.headItem !== undefined) {
    const head = itemToChainHead(read.headItem);
    if (head.seq === event.seq) return head.hash === event.hash;
    // The head moved on after the next event was read: that event exists now.
    if (head.seq > event.seq) next = await getItem(context, eventKey(event.seq + 1), 'read an audit event');
  }
  if (next === undefined) return false;
  const following = itemToEvent(next);
  return following.prevHash === event.hash && hashMatches(following);
}

function hashMatches(event: AuditEvent): boolean {
  const { hash, ...unhashed } = event;
  try {
    return hashOf(unhashed) === hash;
  } catch {
    return false;
  }
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
