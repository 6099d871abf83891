import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import { canonicalJson } from './hash-chain.js';
import { dayOfEvent, type Item } from './items.js';

/** DynamoDB's limit on the number of actions in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

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
  /** How many items `recordEvents` gives at most (1 when not said), for the transaction's size. */
  readonly recordedItems?: number;
  readonly drafts: readonly AuditEventDraft[];
}

/** Programming errors in a write, thrown before anything is read or written. */
export function checkChainWrite(write: ChainWrite): void {
  const extra = (write.items?.length ?? 0) + recordedItemsOf(write);
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

/** The write without `dropped` (an item only wanted while its condition held). */
export function leaveOut(write: ChainWrite, dropped: ConditionalItem): ChainWrite {
  const sameKey = (item: ConditionalItem) =>
    item.item.PK === dropped.item.PK && item.item.SK === dropped.item.SK;
  const recordEvents = write.recordEvents;
  return {
    ...write,
    items: (write.items ?? []).filter((item) => !sameKey(item)),
    ...(recordEvents === undefined
      ? {}
      : { recordEvents: (events) => recordEvents(events).filter((item) => !sameKey(item)) }),
  };
}

/** The items a write's `recordEvents` adds to its transaction at most. */
export function recordedItemsOf(write: ChainWrite): number {
  return write.recordEvents === undefined ? 0 : (write.recordedItems ?? 1);
}
