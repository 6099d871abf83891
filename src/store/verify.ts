import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainPosition } from '../domain/alarms.js';
import { storeUnavailable } from './errors.js';
import { GENESIS_HASH, hashOf } from './hash-chain.js';
import { eventToItem, type Item, itemToChainHead, itemToEvent, misderivedAttributes } from './items.js';
import { isServableRequest } from './served-items.js';
import { chainHeadKey, indexKeys } from './table-layout.js';
import { RequestChecks } from './verify-requests.js';

export interface ChainVerification {
  readonly ok: boolean;
  /** Number of audit events read. */
  readonly checked: number;
  /** Number of request items checked against their events. */
  readonly requestsChecked: number;
  /** The first sequence number at which the chain is not intact. */
  readonly firstBadSeq?: number;
  /** The request whose item disagrees with its events. */
  readonly badRequestId?: string;
  readonly problem?: string;
}

/** What verification keeps of each event: enough to check links without holding whole events (the watcher shares it). */
export interface EventSummary {
  readonly keySeq: number;
  readonly claimedSeq: unknown;
  readonly prevHash: unknown;
  readonly hash: unknown;
  readonly contentMatchesHash: boolean;
  /** A storage attribute that does not follow from the event's hashed fields. */
  readonly misderived?: { readonly name: string; readonly expected: string };
}

/**
 * Reads the whole table (the one place a Scan is right: every item must be checked) and checks
 * that events 1..head form an unbroken hash chain (an edited event no longer matches its hash, a
 * deleted one leaves a gap, a rewritten one breaks the next link, a deleted tail disagrees with the
 * head); that every event's index attributes follow from its hashed fields; and that every request
 * item agrees with its events. Someone able to rewrite every event after a point and the head is
 * caught only by an anchor noted down earlier (`anchorProblem` in chain-segments.ts).
 */
export async function verifyAuditChain(options: {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
}): Promise<ChainVerification> {
  const { documents } = options;
  const events: EventSummary[] = [];
  const requests = new RequestChecks();
  let headItem: Item | undefined;
  /** The first item outside the events and requests that carries an index's keys. */
  let strayItem: string | undefined;
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const output = await documents.send(
        new ScanCommand({ TableName: options.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      for (const item of (output.Items ?? []) as Item[]) {
        if (item.PK === chainHeadKey.PK && item.SK === chainHeadKey.SK) headItem = item;
        else if (typeof item.PK === 'string' && item.PK.startsWith('EVT#')) {
          const summary = summarise(item);
          events.push(summary);
          if (summary.contentMatchesHash) requests.noteEvent(itemToEvent(item));
        } else {
          requests.noteItem(item);
          if (strayItem === undefined && isStray(item)) strayItem = `${String(item.PK)}/${String(item.SK)}`;
        }
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  } catch (error) {
    throw storeUnavailable(error, 'read the audit trail for verification');
  }
  const checked = events.length;
  const requestsChecked = requests.count();
  const chain = checkChain(events, headItem);
  if (chain.problem !== undefined) {
    return { ok: false, checked, requestsChecked, firstBadSeq: chain.firstBadSeq, problem: chain.problem };
  }
  const requestProblem = requests.firstProblem();
  if (requestProblem !== undefined) {
    return {
      ok: false,
      checked,
      requestsChecked,
      badRequestId: requestProblem.requestId,
      problem: requestProblem.problem,
    };
  }
  if (strayItem !== undefined) {
    return {
      ok: false,
      checked,
      requestsChecked,
      problem: `item ${strayItem} carries index keys but is neither an event nor a request: queries skip it; someone put it there.`,
    };
  }
  return { ok: true, checked, requestsChecked };
}

/** An item carrying an index's keys that is not a request at its own key (events are checked apart). */
function isStray(item: Item): boolean {
  return Object.keys(item).some((name) => indexAttributes.has(name)) && !isServableRequest(item);
}

const indexAttributes: ReadonlySet<string> = new Set(
  Object.values(indexKeys).flatMap((key) => [key.pk, key.sk]),
);

function checkChain(
  unsorted: readonly EventSummary[],
  headItem: Item | undefined,
): { firstBadSeq?: number; problem?: string } {
  const events = [...unsorted].sort((a, b) => a.keySeq - b.keySeq);
  const broken = (firstBadSeq: number, problem: string) => ({ firstBadSeq, problem });
  let previousHash: unknown = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    const seq = event.keySeq;
    if (seq !== expectedSeq) {
      return broken(
        expectedSeq,
        `event ${expectedSeq} is missing (deleted?): the next stored event is ${seq}.`,
      );
    }
    if (event.claimedSeq !== seq || !event.contentMatchesHash) {
      return broken(seq, `event ${seq} was modified: its content no longer matches its hash.`);
    }
    if (event.prevHash !== previousHash) {
      return broken(
        seq,
        `event ${seq} does not link to event ${seq - 1}: the chain was broken or rewritten.`,
      );
    }
    if (event.misderived !== undefined) {
      const { name, expected } = event.misderived;
      return broken(seq, `event ${seq}'s ${name} was edited: its content says ${expected}.`);
    }
    previousHash = event.hash;
    expectedSeq++;
  }
  const lastSeq = expectedSeq - 1;
  if (headItem === undefined) {
    return lastSeq === 0 ? {} : broken(1, 'the chain head item (PK CHAIN, SK HEAD) is missing.');
  }
  const head = headOrUndefined(headItem);
  if (head === undefined) return broken(lastSeq + 1, 'the chain head item (PK CHAIN, SK HEAD) is malformed.');
  if (head.seq > lastSeq) {
    return broken(
      lastSeq + 1,
      `events ${lastSeq + 1} to ${head.seq} are missing (deleted?): the head is at ${head.seq}.`,
    );
  }
  if (head.seq < lastSeq) {
    return broken(head.seq + 1, `event ${head.seq + 1} lies beyond the chain head (seq ${head.seq}).`);
  }
  if (head.hash !== previousHash)
    return broken(lastSeq, `the chain head's hash does not match event ${lastSeq}.`);
  return {};
}

function headOrUndefined(item: Item): ChainPosition | undefined {
  try {
    return itemToChainHead(item);
  } catch {
    return undefined;
  }
}

export function summarise(item: Item): EventSummary {
  const keySeq = Number.parseInt(String(item.PK).slice('EVT#'.length), 10);
  const event = itemToEvent(item);
  const { hash, ...unhashed } = event;
  let contentMatchesHash: boolean;
  let misderived: { name: string; expected: string } | undefined;
  try {
    contentMatchesHash = typeof hash === 'string' && hashOf(unhashed) === hash;
    misderived = misderivedAttributes(item, eventToItem(event))[0];
  } catch {
    contentMatchesHash = false; // content that cannot even be hashed was not written by the store
  }
  return {
    keySeq,
    claimedSeq: unhashed.seq,
    prevHash: unhashed.prevHash,
    hash,
    contentMatchesHash,
    ...(misderived === undefined ? {} : { misderived }),
  };
}
