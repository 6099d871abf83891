import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import { ResetError } from '../domain/errors.js';
import { MAX_TRANSACTION_ITEMS } from './chain-batch.js';
import { groupCommitOf } from './chain-group.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { canonicalJson, emptyChain } from './hash-chain.js';
import { dayOfEvent, type Item, itemToChainHead, type StoredChainHead } from './items.js';
import { chainHeadKey } from './table-layout.js';

export { MAX_TRANSACTION_ITEMS } from './chain-batch.js';

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
 * that also moves the head; resolves with the events as written, or rejects with the write's own
 * coded error (its condition failed) or AUDIT_STORE_UNAVAILABLE. The write joins this process's
 * group commit (see chain-group.ts): every append of a process goes through one writer.
 */
export async function writeWithChain(context: StoreContext, input: ChainWrite): Promise<AuditEvent[]> {
  validateWrite(input);
  return groupCommitOf(context).write(input);
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
