import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ChainPosition } from '../domain/alarms.js';
import type { AuditEvent } from '../domain/audit.js';
import {
  type ChainWrite,
  type ConditionalItem,
  MAX_TRANSACTION_ITEMS,
  recordedItemsOf,
} from './chain-write.js';
import { chainDrafts } from './hash-chain.js';
import { chainHeadToItem, dayOfEvent, eventToItem, type StoredChainHead } from './items.js';

export type TransactionItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Several writes in one transaction (group commit): each write's events are chained after the
 * previous write's, and the head moves once, conditioned on the seq it was read at. Conditional
 * items come first, so the index DynamoDB names in a cancellation leads back to its write.
 */
export interface Batch {
  /** Indices (into the writes offered) of the writes taken into this transaction, in chain order. */
  readonly taken: readonly number[];
  readonly items: readonly TransactionItem[];
  /** The transaction's conditional items in order, each with the index of the write it belongs to. */
  readonly conditional: ReadonlyArray<{ readonly write: number; readonly item: ConditionalItem }>;
  /** The events of each write taken, by write index, as they will be stored. */
  readonly events: ReadonlyMap<number, readonly AuditEvent[]>;
  /** The head after this transaction; undefined when no write carries events. */
  readonly nextHead?: StoredChainHead;
}

/** The transaction items a write needs at most. */
export function itemsNeeded(write: ChainWrite): number {
  return (write.items?.length ?? 0) + recordedItemsOf(write) + write.drafts.length;
}

const keyOf = (item: ConditionalItem) => `${String(item.item.PK)}\u0000${String(item.item.SK)}`;

/**
 * Takes writes in order while they fit in one transaction (≤ 100 actions, the head included).
 * DynamoDB allows one action per item key in a transaction: a write touching a key already taken
 * (the same request, the same lock) is skipped and waits for the next transaction.
 */
export function assembleBatch(input: {
  readonly tableName: string;
  readonly head: StoredChainHead;
  readonly writes: readonly ChainWrite[];
}): Batch {
  const { tableName } = input;
  const taken: number[] = [];
  const conditional: Array<{ write: number; item: ConditionalItem }> = [];
  const eventPuts: TransactionItem[] = [];
  const events = new Map<number, readonly AuditEvent[]>();
  const keys = new Set<string>();
  let head: ChainPosition = input.head;
  let used = 1; // the head
  let allEvents: AuditEvent[] = [];
  input.writes.forEach((write, index) => {
    if (used + itemsNeeded(write) > MAX_TRANSACTION_ITEMS) return;
    const chained = write.drafts.length === 0 ? undefined : chainDrafts(head, write.drafts);
    const own = [...(write.items ?? []), ...(chained ? (write.recordEvents?.(chained.events) ?? []) : [])];
    if (own.some((item) => keys.has(keyOf(item)))) return;
    for (const item of own) {
      keys.add(keyOf(item));
      conditional.push({ write: index, item });
    }
    used += itemsNeeded(write);
    taken.push(index);
    events.set(index, chained?.events ?? []);
    if (chained === undefined) return;
    head = chained.head;
    allEvents = allEvents.concat(chained.events);
    for (const event of chained.events) {
      eventPuts.push({
        Put: {
          TableName: tableName,
          Item: eventToItem(event),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
  });
  const items = [...conditional.map(({ item }) => toTransactionItem(tableName, item)), ...eventPuts];
  if (allEvents.length === 0) return { taken, items, conditional, events };
  const nextHead = withDays(input.head, head, allEvents);
  items.push(headPut(tableName, input.head, nextHead));
  return { taken, items, conditional, events, nextHead };
}

/** The head after the events, with the first and last day holding events (for `audit verify`). */
function withDays(
  previous: StoredChainHead,
  next: ChainPosition,
  events: readonly AuditEvent[],
): StoredChainHead {
  const days = [previous.earliestDay, previous.latestDay, ...events.map(dayOfEvent)]
    .filter((day) => day !== undefined)
    .sort();
  const earliestDay = days[0];
  const latestDay = days.at(-1);
  return {
    ...next,
    ...(earliestDay !== undefined ? { earliestDay } : {}),
    ...(latestDay !== undefined ? { latestDay } : {}),
  };
}

function headPut(tableName: string, read: StoredChainHead, next: StoredChainHead): TransactionItem {
  return {
    Put: {
      TableName: tableName,
      Item: chainHeadToItem(next),
      ...(read.seq === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'seq = :readSeq', ExpressionAttributeValues: { ':readSeq': read.seq } }),
    },
  };
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
