import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainCheckpoint, ChainSegmentCheck } from '../services/ports.js';
import { readChainHead } from './chain-head.js';
import type { StoreContext } from './context.js';
import { storeUnavailable } from './errors.js';
import { GENESIS_HASH } from './hash-chain.js';
import { type Item, itemToChainHead, type StoredChainHead } from './items.js';
import { chainHeadKey, eventKey } from './table-layout.js';
import { type EventSummary, summarise } from './verify.js';

/** DynamoDB's limit on the keys of one BatchGetItem. */
const BATCH_GET_KEYS = 100;
/** How often unprocessed keys (throttling) are asked for again before giving up. */
const MAX_BATCH_ROUNDS = 8;

/**
 * Audit events by sequence number, with strongly consistent BatchGetItem reads: what the chain
 * watcher reads instead of scanning the table. The result maps each seq found to its summary.
 */
export async function eventsBySeq(
  context: StoreContext,
  seqs: readonly number[],
): Promise<Map<number, EventSummary>> {
  const found = new Map<number, EventSummary>();
  for (let i = 0; i < seqs.length; i += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] = seqs.slice(i, i + BATCH_GET_KEYS).map(eventKey);
    for (let round = 1; keys.length > 0; round += 1) {
      if (round > MAX_BATCH_ROUNDS) throw new Error(`BatchGetItem left ${keys.length} keys unprocessed`);
      const output = await context.documents.send(
        new BatchGetCommand({ RequestItems: { [context.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of (output.Responses?.[context.tableName] ?? []) as Item[]) {
        const summary = summarise(item);
        found.set(summary.keySeq, summary);
      }
      keys = (output.UnprocessedKeys?.[context.tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
    }
  }
  return found;
}

function range(from: number, to: number): number[] {
  return to < from ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A position of the chain noted down outside the table: `--anchor SEQ:HASHPREFIX`. */
export interface ChainAnchorCheck {
  readonly seq: number;
  readonly hashPrefix: string;
}

/**
 * The first anchor the table disagrees with: its event is gone, or its hash no longer starts as
 * noted. With the chain verified intact, that means the chain was rewritten from there on.
 */
export async function anchorProblem(
  context: StoreContext,
  anchors: readonly ChainAnchorCheck[],
): Promise<{ firstBadSeq: number; problem: string } | undefined> {
  let events: Map<number, EventSummary>;
  try {
    events = await eventsBySeq(context, [...new Set(anchors.map((anchor) => anchor.seq))]);
  } catch (error) {
    throw storeUnavailable(error, 'read the anchored events');
  }
  for (const anchor of [...anchors].sort((a, b) => a.seq - b.seq)) {
    const hash = events.get(anchor.seq)?.hash;
    const noted = `${anchor.seq}:${anchor.hashPrefix}`;
    if (typeof hash !== 'string') {
      return {
        firstBadSeq: anchor.seq,
        problem: `anchor ${noted} disagrees: the trail has no event ${anchor.seq}.`,
      };
    }
    if (!hash.startsWith(anchor.hashPrefix.toLowerCase())) {
      return {
        firstBadSeq: anchor.seq,
        problem: `anchor ${noted} disagrees: event ${anchor.seq}'s hash is ${hash.slice(0, 16)}…; the chain was rewritten from there on.`,
      };
    }
  }
  return undefined;
}

/**
 * Walks events `seqs` in order from `start`: each must exist, match its own hash and link to the
 * one before. Returns the first problem, or the last event checked.
 */
function walk(
  start: ChainCheckpoint,
  seqs: readonly number[],
  events: Map<number, EventSummary>,
): ChainSegmentCheck {
  let last = start;
  let checked = 0;
  const broken = (firstBadSeq: number, problem: string): ChainSegmentCheck => ({
    ok: false,
    firstBadSeq,
    problem,
    last,
    checked,
  });
  for (const seq of seqs) {
    const event = events.get(seq);
    if (event === undefined) return broken(seq, `event ${seq} is missing (deleted?).`);
    if (event.claimedSeq !== seq || !event.contentMatchesHash) {
      return broken(seq, `event ${seq} was modified: its content no longer matches its hash.`);
    }
    if (event.prevHash !== last.hash) {
      return broken(
        seq,
        `event ${seq} does not link to event ${seq - 1}: the chain was broken or rewritten.`,
      );
    }
    last = { seq, hash: String(event.hash) };
    checked += 1;
  }
  return { ok: true, last, checked };
}

/**
 * The events after `from` (at most `maxEvents`), then, once they reach the head, the head itself:
 * it must name the last event's hash, and no event may lie beyond it.
 */
export async function verifyAfter(
  context: StoreContext,
  start: ChainCheckpoint | undefined,
  options: { readonly maxEvents: number },
): Promise<ChainSegmentCheck> {
  const from = start ?? { seq: 0, hash: GENESIS_HASH };
  try {
    const head = await headOf(context);
    if (head === 'malformed') {
      return {
        ok: false,
        firstBadSeq: from.seq + 1,
        problem: 'the chain head item (PK CHAIN, SK HEAD) is malformed: it was edited.',
        last: from,
        checked: 0,
      };
    }
    if (head.seq < from.seq) {
      return {
        ok: false,
        firstBadSeq: head.seq + 1,
        problem: `the chain head is at ${head.seq}, behind event ${from.seq} already verified: events were removed.`,
        last: from,
        checked: 0,
      };
    }
    const to = Math.min(head.seq, from.seq + options.maxEvents);
    const seqs = range(from.seq + 1, to);
    const result = walk(from, seqs, await eventsBySeq(context, seqs));
    if (!result.ok || to < head.seq) return result;
    if (head.hash !== result.last.hash) {
      return {
        ...result,
        ok: false,
        firstBadSeq: head.seq,
        problem: `the chain head's hash does not match event ${head.seq}.`,
      };
    }
    return (await eventBeyondHead(context, head.seq))
      ? {
          ...result,
          ok: false,
          firstBadSeq: head.seq + 1,
          problem: `event ${head.seq + 1} lies beyond the chain head (seq ${head.seq}).`,
        }
      : result;
  } catch (error) {
    throw storeUnavailable(error, 'verify the audit chain');
  }
}

/** The chain head, or 'malformed' when its item no longer has the shape the store writes. */
async function headOf(context: StoreContext): Promise<StoredChainHead | 'malformed'> {
  const { Item: item } = await context.documents.send(
    new GetCommand({ TableName: context.tableName, Key: chainHeadKey, ConsistentRead: true }),
  );
  if (item === undefined) return { seq: 0, hash: GENESIS_HASH };
  try {
    return itemToChainHead(item);
  } catch {
    return 'malformed';
  }
}

/** An event stored after the head, unless the head has moved on since (a write in progress). */
async function eventBeyondHead(context: StoreContext, headSeq: number): Promise<boolean> {
  const { Item: next } = await context.documents.send(
    new GetCommand({ TableName: context.tableName, Key: eventKey(headSeq + 1), ConsistentRead: true }),
  );
  if (next === undefined) return false;
  return (await readChainHead(context)).seq < headSeq + 1;
}

/**
 * Re-checks `count` events from `fromSeq` on, linking the first to the event before it (whose own
 * content is checked too): finds edits behind the watcher's checkpoint, a window at a time.
 */
export async function recheck(
  context: StoreContext,
  fromSeq: number,
  count: number,
): Promise<ChainSegmentCheck> {
  const first = Math.max(1, fromSeq);
  try {
    const seqs = range(first, first + count - 1);
    const events = await eventsBySeq(context, first > 1 ? [first - 1, ...seqs] : seqs);
    let start: ChainCheckpoint = { seq: 0, hash: GENESIS_HASH };
    if (first > 1) {
      const before = walk(
        { seq: first - 2, hash: String(events.get(first - 1)?.prevHash) },
        [first - 1],
        events,
      );
      if (!before.ok) return before;
      start = before.last;
    }
    return walk(start, seqs, events);
  } catch (error) {
    throw storeUnavailable(error, 're-check the audit chain');
  }
}
