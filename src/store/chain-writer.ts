import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import { logAuditEvents } from './audit-log.js';
import type { StoreContext } from './context.js';
import { classifyTransactionFailure, storeUnavailable } from './errors.js';
import { canonicalJson, chainDrafts, emptyChain } from './hash-chain.js';
import {
  chainHeadToItem,
  dayOfEvent,
  eventToItem,
  type Item,
  itemToChainHead,
  type StoredChainHead,
} from './items.js';
import { chainHeadKey } from './table-layout.js';

/** DynamoDB's limit on the number of actions in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

type TransactionItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A conditional put of the request item, travelling in the same transaction as its events. */
export interface RequestWrite {
  readonly requestId: string;
  readonly item: Item;
  readonly condition: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

export async function readChainHead(context: StoreContext): Promise<StoredChainHead> {
  try {
    const { Item: item } = await context.documents.send(
      new GetCommand({ TableName: context.tableName, Key: chainHeadKey, ConsistentRead: true }),
    );
    return item === undefined ? emptyChain : itemToChainHead(item);
  } catch (error) {
    throw storeUnavailable(error, 'read the audit chain head');
  }
}

/**
 * Writes the request change (if any) and the events, chained after the current head, in one
 * transaction that also moves the head, conditioned on the seq it was read at. Every append goes
 * through the one head item, so appends are serialised: a handful per minute at most for this bot,
 * far below what one item sustains. On a head conflict we re-read the head and retry, with jitter.
 * Returns the events as chained and stored; each is also logged as an audit line once written.
 */
export async function writeWithChain(
  context: StoreContext,
  write: { readonly request?: RequestWrite; readonly drafts: readonly AuditEventDraft[] },
): Promise<AuditEvent[]> {
  validateWrite(write);
  const { maxAttempts, baseDelayMs, maxDelayMs } = context.chainRetry;
  let head =
    write.drafts.length === 0 ? emptyChain : (context.knownHead.current ?? (await readChainHead(context)));
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const { items, nextHead, events } = transactionItems(context.tableName, head, write);
    try {
      await context.documents.send(
        new TransactWriteCommand({
          TransactItems: items,
          // The SDK resends this same token when it retries a lost response, so DynamoDB applies the
          // transaction once instead of failing it on the conditions it already changed.
          ClientRequestToken: randomUUID(),
        }),
      );
      if (nextHead !== undefined) context.knownHead.current = nextHead;
      logAuditEvents(context.auditLog, events);
      return events;
    } catch (error) {
      // Whatever happened, the head this process knew may no longer be the head.
      context.knownHead.current = undefined;
      const verdict = classifyTransactionFailure(error, write.request === undefined ? undefined : 0);
      if (verdict === 'request-condition-failed') {
        const requestId = write.request?.requestId ?? '';
        throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${requestId} was changed by someone else.`, {
          details: { requestId },
          cause: error,
        });
      }
      if (verdict === 'fail') throw storeUnavailable(error, 'write the audit trail');
      if (attempt === maxAttempts) break;
      context.logger.debug({ attempt, seq: head.seq }, 'audit chain head moved; retrying the append');
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      if (write.drafts.length > 0) head = await readChainHead(context);
    }
  }
  context.logger.warn({ attempts: maxAttempts }, 'audit chain stayed contended; giving up the append');
  throw new ResetError(
    'AUDIT_STORE_UNAVAILABLE',
    `The audit chain stayed contended for ${maxAttempts} attempts; nothing was written.`,
    { details: { attempts: maxAttempts } },
  );
}

function transactionItems(
  tableName: string,
  head: StoredChainHead,
  write: { readonly request?: RequestWrite; readonly drafts: readonly AuditEventDraft[] },
): { items: TransactionItem[]; nextHead?: StoredChainHead; events: AuditEvent[] } {
  const items: TransactionItem[] = [];
  if (write.request !== undefined) {
    items.push({
      Put: {
        TableName: tableName,
        Item: write.request.item,
        ConditionExpression: write.request.condition,
        ...(write.request.names === undefined ? {} : { ExpressionAttributeNames: write.request.names }),
        ...(write.request.values === undefined ? {} : { ExpressionAttributeValues: write.request.values }),
      },
    });
  }
  if (write.drafts.length === 0) return { items, events: [] };
  const { events, head: next } = chainDrafts(head, write.drafts);
  for (const event of events) {
    items.push({
      Put: {
        TableName: tableName,
        Item: eventToItem(event),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
  }
  const days = [head.earliestDay, head.latestDay, ...events.map(dayOfEvent)]
    .filter((day) => day !== undefined)
    .sort();
  const earliestDay = days[0];
  const latestDay = days.at(-1);
  const nextHead: StoredChainHead = {
    ...next,
    ...(earliestDay !== undefined ? { earliestDay } : {}),
    ...(latestDay !== undefined ? { latestDay } : {}),
  };
  items.push({
    Put: {
      TableName: tableName,
      Item: chainHeadToItem(nextHead),
      ...(head.seq === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'seq = :readSeq', ExpressionAttributeValues: { ':readSeq': head.seq } }),
    },
  });
  return { items, nextHead, events };
}

/** Programming errors, caught before anything is read or written. */
function validateWrite(write: {
  readonly request?: RequestWrite;
  readonly drafts: readonly AuditEventDraft[];
}) {
  const count =
    (write.request === undefined ? 0 : 1) + write.drafts.length + (write.drafts.length > 0 ? 1 : 0);
  if (count > MAX_TRANSACTION_ITEMS) {
    throw new ResetError(
      'INTERNAL',
      `A write of ${write.drafts.length} audit events needs ${count} transaction items; DynamoDB allows ${MAX_TRANSACTION_ITEMS}.`,
      { details: { events: write.drafts.length, transactionItems: count } },
    );
  }
  for (const draft of write.drafts) {
    if (dayOfEvent(draft) === undefined) {
      throw new ResetError('INTERNAL', `Audit event ${draft.eventId} has an invalid time "${draft.at}".`, {
        details: { eventId: draft.eventId },
      });
    }
    try {
      canonicalJson(draft);
    } catch (error) {
      throw new ResetError('INTERNAL', `Audit event ${draft.eventId} cannot be hashed.`, {
        details: { eventId: draft.eventId },
        cause: error,
      });
    }
  }
}
