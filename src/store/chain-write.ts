import type { AuditEvent, AuditEventDraft } from '../domain/audit.js';
import type { ResetError } from '../domain/errors.js';
import type { Item } from './items.js';

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
