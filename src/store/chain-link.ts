import { TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import { getItem } from './consistent-get.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { hashOf } from './hash-chain.js';
import { type Item, itemToChainHead, itemToEvent } from './items.js';
import { chainHeadKey, eventKey } from './table-layout.js';

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

/** Seqs read in one snapshot: each with its successor, and the head, within DynamoDB's 100 items. */
const SEQS_PER_SNAPSHOT = 49;

/**
 * The events at `seqs` that the chain vouches for: stored at their key's position, their hash
 * recomputed from their content, and linked from the next event or the head. Missing or broken
 * ones are left out. One TransactGetItems per 49 seqs.
 */
export async function vouchedEvents(context: StoreContext, seqs: readonly number[]): Promise<AuditEvent[]> {
  const vouched: AuditEvent[] = [];
  for (let start = 0; start < seqs.length; start += SEQS_PER_SNAPSHOT) {
    vouched.push(...(await vouchedAmong(context, seqs.slice(start, start + SEQS_PER_SNAPSHOT))));
  }
  return vouched;
}

async function vouchedAmong(context: StoreContext, seqs: readonly number[]): Promise<AuditEvent[]> {
  const byKey = new Map(
    [...seqs.flatMap((seq) => [eventKey(seq), eventKey(seq + 1)]), chainHeadKey].map((key) => [key.PK, key]),
  );
  const keys = [...byKey.values()];
  const read = await readTogether(context, keys);
  const itemAt = (key: { PK: string }) => read[keys.findIndex((k) => k.PK === key.PK)];
  const headItem = itemAt(chainHeadKey);
  const vouched: AuditEvent[] = [];
  for (const seq of seqs) {
    const item = itemAt(eventKey(seq));
    if (item === undefined) continue;
    const event = itemToEvent(item);
    if (event.seq !== seq || !hashMatches(event)) continue;
    if (await linkedFromChain(context, { event, nextItem: itemAt(eventKey(seq + 1)), headItem })) {
      vouched.push(event);
    }
  }
  return vouched;
}

/** Distinct positive seqs in order from zero-padded key parts; anything else is not a position. */
export function seqsOf(texts: readonly string[]): number[] {
  const seqs = texts.filter((text) => /^\d{12}$/.test(text)).map((text) => Number(text));
  return [...new Set(seqs)].filter((seq) => seq > 0).sort((a, b) => a - b);
}
