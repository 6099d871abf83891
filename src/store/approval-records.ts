import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { hashMatches, linkedFromChain, readTogether } from './chain-link.js';
import type { ConditionalItem } from './chain-write.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { type Item, itemToEvent } from './items.js';
import {
  approvalRecordKey,
  approvalRecordPrefix,
  chainHeadKey,
  eventKey,
  indexKeys,
  indexNames,
  partitions,
} from './table-layout.js';

/**
 * The record of where a request's APPROVAL_RECORDED event landed, written in the same transaction:
 * its key names the event's seq, so a request's approvals are one consistent Query of its own
 * partition. Put without a condition: an item planted at that key beforehand is simply replaced.
 */
export function approvalRecordOf(requestId: string, drafts: readonly AuditEventDraft[]) {
  const approval = drafts.find((d) => d.type === 'APPROVAL_RECORDED' && d.requestId === requestId);
  if (approval === undefined) return undefined;
  return (chained: readonly AuditEvent[]): ConditionalItem[] => {
    const event = chained.find((e) => e.eventId === approval.eventId)!;
    return [
      {
        action: 'put',
        item: { ...approvalRecordKey(requestId, event.seq), entity: 'approvalRecord', hash: event.hash },
        whenConditionFails: 'leave-out',
      },
    ];
  };
}

/**
 * The request's APPROVAL_RECORDED events that the chain vouches for, oldest first: found through
 * the approval records (read consistently; the seq is taken from the record's key, never from what
 * it holds), each checked as the creation record is: at its key's position, about this request,
 * its hash recomputed from its content, and linked from the next event or the head. A record
 * whose event does not check out is left out, so an approval written into the request item alone,
 * or a record planted beside it, counts for nothing. `listed`: the approvals the request item
 * lists; when it lists some and no record exists, the request was approved in part before the
 * records existed, and its events are looked for in the (eventually consistent) request index.
 * Costs one Query, and one TransactGetItems when the request has approvals.
 */
export async function recordedApprovalsOf(
  context: StoreContext,
  requestId: string,
  listed: number,
): Promise<AuditEvent[]> {
  let seqs = await recordedSeqs(context, requestId);
  if (seqs.length === 0 && listed > 0) seqs = await approvalSeqsFromIndex(context, requestId);
  const vouched: AuditEvent[] = [];
  // A request has fewer records than approvers; records planted by the dozen are read in
  // snapshots of at most DynamoDB's 100 items (each seq, its successor, the head).
  for (let start = 0; start < seqs.length; start += SEQS_PER_SNAPSHOT) {
    vouched.push(...(await vouchedAmong(context, requestId, seqs.slice(start, start + SEQS_PER_SNAPSHOT))));
  }
  return vouched;
}

const SEQS_PER_SNAPSHOT = 49;

async function vouchedAmong(
  context: StoreContext,
  requestId: string,
  seqs: readonly number[],
): Promise<AuditEvent[]> {
  const keys = uniqueKeys([...seqs.flatMap((seq) => [eventKey(seq), eventKey(seq + 1)]), chainHeadKey]);
  const read = await readTogether(context, keys);
  const itemAt = (key: { PK: string; SK: string }) =>
    read[keys.findIndex((k) => k.PK === key.PK && k.SK === key.SK)];
  const headItem = itemAt(chainHeadKey);
  const vouched: AuditEvent[] = [];
  for (const seq of seqs) {
    const item = itemAt(eventKey(seq));
    if (item === undefined) continue;
    const event = itemToEvent(item);
    if (event.type !== 'APPROVAL_RECORDED' || event.requestId !== requestId || event.seq !== seq) continue;
    if (!hashMatches(event)) continue;
    if (await linkedFromChain(context, { event, nextItem: itemAt(eventKey(seq + 1)), headItem })) {
      vouched.push(event);
    }
  }
  return vouched;
}

async function recordedSeqs(context: StoreContext, requestId: string): Promise<number[]> {
  try {
    const output = await context.documents.send(
      new QueryCommand({
        TableName: context.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':prefix': approvalRecordPrefix },
        ProjectionExpression: 'SK',
        ConsistentRead: true,
      }),
    );
    return seqsOf(
      ((output.Items ?? []) as Item[]).map((item) => String(item.SK).slice(approvalRecordPrefix.length)),
    );
  } catch (error) {
    throw storeUnavailable(error, "read a request's approval records");
  }
}

async function approvalSeqsFromIndex(context: StoreContext, requestId: string): Promise<number[]> {
  try {
    const output = await context.documents.send(
      new QueryCommand({
        TableName: context.tableName,
        IndexName: indexNames.byRequest,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#pk': indexKeys.byRequest.pk, '#type': 'type' },
        ExpressionAttributeValues: { ':pk': partitions.request(requestId), ':type': 'APPROVAL_RECORDED' },
      }),
    );
    return seqsOf(((output.Items ?? []) as Item[]).map((item) => String(item.PK).slice('EVT#'.length)));
  } catch (error) {
    throw storeUnavailable(error, "find a request's approvals");
  }
}

/** Distinct positive seqs in order; anything else in a key is not a position. */
function seqsOf(texts: readonly string[]): number[] {
  const seqs = texts.filter((text) => /^\d{12}$/.test(text)).map((text) => Number(text));
  return [...new Set(seqs)].filter((seq) => seq > 0).sort((a, b) => a - b);
}

function uniqueKeys(keys: readonly { PK: string; SK: string }[]): { PK: string; SK: string }[] {
  const seen = new Map(keys.map((key) => [`${key.PK}\u0000${key.SK}`, key]));
  return [...seen.values()];
}
