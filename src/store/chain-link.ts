import { TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import { getItem } from './consistent-get.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { hashOf } from './hash-chain.js';
import { type Item, itemToChainHead, itemToEvent } from './items.js';
import { eventKey } from './table-layout.js';

/** How often a snapshot read is tried while appends keep changing the items it reads. */
const SNAPSHOT_ROUNDS = 3;

/**
 * The items as of one moment (TransactGetItems: one round trip, and the next event and the head
 * cannot be read from two different moments). A read that keeps colliding with appends falls back
 * to reading each item on its own; `linkedFromChain` copes with the head moving meanwhile.
 */
export async function readTogether(
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
        throw storeUnavailable(error, 'read audit events and their successors');
      }
    }
  }
  return Promise.all(keys.map((key) => getItem(context, key, 'read audit events and their successors')));
}

/** Whether the chain vouches for `event`: the next event names its hash, or the head does. */
export async function linkedFromChain(
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

/** Whether the event's hash recomputes from its content (content that cannot be hashed never does). */
export function hashMatches(event: AuditEvent): boolean {
  const { hash, ...unhashed } = event;
  try {
    return hashOf(unhashed) === hash;
  } catch {
    return false;
  }
}
