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

/**
 * A conditional item that travels in the same transaction as the events: the request, the lock of
 * its IAM user, a record of where its events landed. Plain data, so whoever assembles transactions
 * (one write, or many batched together) needs no knowledge of what each item means.
 */
export interface ConditionalItem {
  readonly action: 'put' | 'delete';
  /** The whole item to put, or the key of the item to delete. */
  readonly item: Item;
  readonly condition?: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
  /**
   * What a failed condition means: `refuse` writes nothing and throws the error; `leave-out` writes
   * everything else without this item (it was only wanted while its condition held).
   */
  readonly whenConditionFails: { readonly refuse: ResetError } | 'leave-out';
}

/** One atomic write: the conditional items and the events, chained after the head. */
export interface ChainWrite {
  readonly items?: readonly ConditionalItem[];
  /** Items that depend on where this write's own events land in the chain. */
  readonly recordEvents?: (events: readonly AuditEvent[]) => readonly ConditionalItem[];
  readonly drafts: readonly AuditEventDraft[];
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
 * Writes the conditional items and the events, chained after the current head, in one transaction
 * that also moves the head, conditioned on the seq it was read at; returns the events as written.
 * Every append goes through the one head item, so appends are serialised: a handful per minute at
 * most for this bot, far below what one item sustains. On a head conflict we re-read the head and
 * retry, with jitter.
 */
export async function writeWithChain(context: StoreContext, input: ChainWrite): Promise<AuditEvent[]> {
  let write = input;
  validateWrite(write);
  const { maxAttempts, baseDelayMs, maxDelayMs } = context.chainRetry;
  let head =
    write.drafts.length === 0 ? emptyChain : (context.knownHead.current ?? (await readChainHead(context)));
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const { items, conditional, events, nextHead } = transactionItems(context.tableName, head, write);
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
      const verdict = classifyTransactionFailure(error, conditional.length);
      if (verdict.kind === 'item-condition-failed') {
        const failed = conditional[verdict.index]!;
        if (failed.whenConditionFails !== 'leave-out') throw failed.whenConditionFails.refuse;
        write = leaveOut(write, failed);
        continue;
      }
      if (verdict.kind === 'fail') throw storeUnavailable(error, 'write the audit trail');
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

function leaveOut(write: ChainWrite, dropped: ConditionalItem): ChainWrite {
  const keep = (item: ConditionalItem) => item !== dropped;
  const recordEvents = write.recordEvents;
  return {
    ...write,
    items: (write.items ?? []).filter(keep),
    ...(recordEvents === undefined
      ? {}
      : { recordEvents: (events) => recordEvents(events).filter((i) => !sameKey(i, dropped)) }),
  };
}

function sameKey(a: ConditionalItem, b: ConditionalItem): boolean {
  return a.item.PK === b.item.PK && a.item.SK === b.item.SK;
}

function toTransactionItem(tableName: string, item: ConditionalItem): TransactionItem {
  const condition = {
    ...(item.condition === undefined ? {} : { ConditionExpression: item.condition }),
    ...(item.names === undefined ? {} : { ExpressionAttributeNames: item.names }),
    ...(item.values === undefined ? {} : { ExpressionAttributeValues: item.values }),
  };
  return item.action === 'put'
    ? { Put: { TableName: tableName, Item: item.item, ...condition } }
    : { Delete: { TableName: tableName, Key: { PK: item.item.PK, SK: item.item.SK }, ...condition } };
}

/** The transaction: conditional items first (their positions name a failed condition), then the chain. */
function transactionItems(
  tableName: string,
  head: StoredChainHead,
  write: ChainWrite,
): {
  items: TransactionItem[];
  conditional: ConditionalItem[];
  events: AuditEvent[];
  nextHead?: StoredChainHead;
} {
  if (write.drafts.length === 0) {
    const conditional = [...(write.items ?? [])];
    return { items: conditional.map((i) => toTransactionItem(tableName, i)), conditional, events: [] };
  }
  const { events, head: next } = chainDrafts(head, write.drafts);
  const conditional = [...(write.items ?? []), ...(write.recordEvents?.(events) ?? [])];
  const items = conditional.map((i) => toTransactionItem(tableName, i));
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
  return { items, conditional, events, nextHead };
}

/** Programming errors, caught before anything is read or written. */
function validateWrite(write: ChainWrite) {
  const extra = (write.items?.length ?? 0) + (write.recordEvents === undefined ? 0 : 1);
  const count = extra + write.drafts.length + (write.drafts.length > 0 ? 1 : 0);
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
