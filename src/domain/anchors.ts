import type { ChainPosition } from './alarms.js';

/**
 * The chain's anchors: positions of the audit chain (seq and hash) written outside the table, in
 * storage the bot can create in but never change (S3 under Object Lock). Someone who can write the
 * table can rewrite events and the head together, hashes recomputed; an anchor written before
 * still names the old hash, so the table and the anchor disagree. Decision 013.
 */

/** An anchor as read back: where it is kept, and the position it records. */
export interface ChainAnchor extends ChainPosition {
  /** Where the anchor is kept, to name it in a report (`s3://bucket/key`). */
  readonly name: string;
}

/** Everything found where the anchors are kept. */
export interface AnchorListing {
  readonly anchors: readonly ChainAnchor[];
  /** Anchors whose key holds more than one version (a second write or a delete marker). */
  readonly rewritten: readonly { readonly name: string; readonly seq: number; readonly versions: number }[];
  /** Objects under the anchors' keys that are no anchor of this trail: unreadable, or naming another seq or table. */
  readonly malformed: readonly { readonly name: string; readonly seq: number; readonly reason: string }[];
}

export interface ChainBreak {
  readonly firstBadSeq: number;
  readonly problem: string;
}

/**
 * The first (lowest seq) anchor the table disagrees with: its event is missing, its hash differs,
 * its key was written twice, or it is no anchor at all. `hashAt` gives the hash the table stores
 * for an event. Every one of these is a break: nothing the bot does produces them.
 */
export function anchorBreak(
  listing: AnchorListing,
  hashAt: (seq: number) => string | undefined,
): ChainBreak | undefined {
  const breaks: ChainBreak[] = [
    ...listing.rewritten.map((r) => ({
      firstBadSeq: r.seq,
      problem: `anchor ${r.name} holds ${r.versions} versions: an anchor is written once, so it was overwritten or deleted.`,
    })),
    ...listing.malformed.map((m) => ({
      firstBadSeq: m.seq,
      problem: `anchor ${m.name} is not an anchor of this trail: ${m.reason}.`,
    })),
    ...listing.anchors.flatMap((anchor) => {
      const hash = hashAt(anchor.seq);
      if (hash === anchor.hash) return [];
      return [
        {
          firstBadSeq: anchor.seq,
          problem:
            hash === undefined
              ? `anchor ${anchor.name} disagrees: the trail has no event ${anchor.seq}; it was removed.`
              : `anchor ${anchor.name} disagrees: event ${anchor.seq}'s hash is ${hash.slice(0, 16)}…, the anchor says ${anchor.hash.slice(0, 16)}…; the chain was rewritten from there on.`,
        },
      ];
    }),
  ];
  return breaks.sort((a, b) => a.firstBadSeq - b.firstBadSeq)[0];
}
