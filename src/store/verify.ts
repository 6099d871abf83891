import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { storeUnavailable } from './errors.js';
import { type ChainHead, GENESIS_HASH, hashOf } from './hash-chain.js';
import { eventToItem, type Item, itemToChainHead, itemToEvent, misderivedAttributes } from './items.js';
import { chainHeadKey } from './table-layout.js';
import { RequestChecks } from './verify-requests.js';

/** A position and hash prefix of the chain noted down outside the table (`--anchor SEQ:HASHPREFIX`). */
export interface ChainAnchorCheck {
  readonly seq: number;
  /** At least 8 lowercase hex characters. */
  readonly hashPrefix: string;
}

export interface VerifyOptions {
  readonly anchors?: readonly ChainAnchorCheck[];
}

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

/** What verification keeps of each event: enough to check links without holding whole events. */
interface EventSummary {
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
 * head); that every event's index attributes follow from its hashed fields; that every request
 * item agrees with its events; and that the chain agrees with the anchors given. Someone able to
 * rewrite every event after a point and the head is caught only by an anchor noted down earlier.
 */
export async function verifyAuditChain(
  options: { readonly client: DynamoDBClient; readonly tableName: string } & VerifyOptions,
): Promise<ChainVerification> {
  const documents = DynamoDBDocumentClient.from(options.client);
  const events: EventSummary[] = [];
  const requests = new RequestChecks();
  let headItem: Item | undefined;
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
        } else requests.noteItem(item);
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
  const anchorProblem = checkAnchors(options.anchors ?? [], events);
  if (anchorProblem !== undefined) return { ok: false, checked, requestsChecked, ...anchorProblem };
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
  return { ok: true, checked, requestsChecked };
}

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

/** The chain (already found intact) against positions noted down outside the table. */
function checkAnchors(
  anchors: readonly ChainAnchorCheck[],
  events: readonly EventSummary[],
): { firstBadSeq: number; problem: string } | undefined {
  const hashes = new Map(events.map((event) => [event.keySeq, event.hash]));
  for (const anchor of [...anchors].sort((a, b) => a.seq - b.seq)) {
    const hash = hashes.get(anchor.seq);
    const noted = `${anchor.seq}:${anchor.hashPrefix}`;
    if (hash === undefined) {
      return {
        firstBadSeq: anchor.seq,
        problem: `anchor ${noted} disagrees: the chain has no event ${anchor.seq} (it ends at ${events.length}); events were deleted and the chain rebuilt.`,
      };
    }
    if (typeof hash !== 'string' || !hash.startsWith(anchor.hashPrefix)) {
      return {
        firstBadSeq: anchor.seq,
        problem: `anchor ${noted} disagrees: event ${anchor.seq}'s hash is ${String(hash).slice(0, 16)}…; the chain was rewritten from there on.`,
      };
    }
  }
  return undefined;
}

function headOrUndefined(item: Item): ChainHead | undefined {
  try {
    return itemToChainHead(item);
  } catch {
    return undefined;
  }
}

function summarise(item: Item): EventSummary {
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
