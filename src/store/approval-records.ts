import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import { seqsOf, vouchedEvents } from './chain-link.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import type { Item } from './items.js';
import { approvalRecordPrefix, indexKeys, indexNames, partitions } from './table-layout.js';

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
  const events = await vouchedEvents(context, seqs);
  return events.filter(
    (event) =>
      (event.type === 'APPROVAL_RECORDED' || event.type === 'REQUEST_CONFIRMED') &&
      event.requestId === requestId,
  );
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
