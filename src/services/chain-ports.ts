import type { ChainPosition } from '../domain/alarms.js';
import type { AnchorListing } from '../domain/anchors.js';

/**
 * The ports of the audit chain's watcher (see ports.ts for the others): the chain verified in
 * segments, with a checkpoint and alarm claims shared by every replica.
 */

/** What the chain watchers of every replica share, kept in the table. */
export interface ChainWatchState {
  /** The last event verified intact, and when that was last confirmed. */
  readonly verified?: ChainPosition & { readonly at: string };
  /** Where the rolling re-check of older events goes on. */
  readonly recheckFrom?: number;
  /** The break the last check found, until a check finds the chain intact again. */
  readonly broken?: { readonly seq: number; readonly problem: string; readonly at: string };
}

export type ChainSegmentCheck =
  | { readonly ok: true; readonly last: ChainPosition; readonly checked: number }
  | {
      readonly ok: false;
      readonly firstBadSeq: number;
      readonly problem: string;
      /** The last event before the break that linked up correctly. */
      readonly last: ChainPosition;
      readonly checked: number;
    };

/**
 * The audit chain as its watcher needs it: verified in segments (reads by sequence number, never a
 * scan), with a shared checkpoint and alarm claims that are conditional writes, so that replicas
 * running the watcher at once neither go backwards nor alarm twice.
 */
export interface AuditChain {
  readWatchState(): Promise<ChainWatchState>;
  /** Checks up to `maxEvents` events after `from` (the start when undefined), and the head once they reach it. */
  verifyAfter(
    from: ChainPosition | undefined,
    options: { readonly maxEvents: number },
  ): Promise<ChainSegmentCheck>;
  /** Re-checks `count` stored events from `fromSeq` on (content and links), for edits behind the checkpoint. */
  recheck(fromSeq: number, count: number): Promise<ChainSegmentCheck>;
  /**
   * Moves the shared checkpoint to `checkpoint` unless it is already further (false then), and sets
   * or clears the break the check found.
   */
  recordVerified(
    checkpoint: ChainPosition & {
      readonly at: string;
      readonly recheckFrom: number;
      readonly broken?: { readonly seq: number; readonly problem: string };
    },
  ): Promise<boolean>;
}

/**
 * Which alarms a bot has delivered, so that replicas and later checks do not repeat them. Only a
 * claim a bot wrote counts: one put in the table by anyone else (to silence an alarm in advance)
 * is no claim, so it cannot stop a delivery.
 */
export interface AlarmClaims {
  /** Whether a bot delivered alarm `key` (a chain break, a CloudTrail event) and its claim still stands at `now`. */
  delivered(key: string, now: Date): Promise<boolean>;
  /** Records that alarm `key` was delivered at `at`; the claim stands until `until`. */
  recordDelivered(key: string, claim: { readonly at: string; readonly until: string }): Promise<void>;
}

/**
 * Where the chain is anchored outside the table (S3 under Object Lock): anchors are created, never
 * replaced, one per sequence number, whichever replica writes it first.
 */
export interface ChainAnchors {
  /**
   * Creates the anchor of `position` unless its seq has one already; then `created` is false and
   * `hash` is what the existing anchor says (undefined when it cannot be read as an anchor).
   */
  create(
    position: ChainPosition & { readonly at: string },
  ): Promise<{ readonly created: true } | { readonly created: false; readonly hash: string | undefined }>;
  /** Every anchor, and every key that holds more than one version. */
  list(): Promise<AnchorListing>;
}

/** The chain as its anchors need it: where the head is, and the hash stored for given events. */
export interface AnchoredChain {
  readHead(): Promise<ChainPosition>;
  /** The stored hash of each event found among `seqs` (read by key, never a scan). */
  hashesAt(seqs: readonly number[]): Promise<ReadonlyMap<number, string>>;
}
