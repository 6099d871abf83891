import { anchorBreak, type ChainBreak } from '../domain/anchors.js';
import { toResetError } from '../domain/errors.js';
import { isFinal, type ResetRequest } from '../domain/request.js';
import type { AnchoredChain, ChainAnchors, Clock, Logger } from './ports.js';

/**
 * The chain's anchors outside the table (decision 013): the writer anchors the head after every
 * finished request and on a timer while the chain moves; the check compares every anchor with the
 * table, for the chain watcher and `audit verify`.
 */
export interface AnchorDeps {
  readonly anchors: ChainAnchors;
  readonly chain: AnchoredChain;
}

/**
 * The first anchor the table disagrees with, or undefined when all agree. An anchor that cannot be
 * read throws ANCHORS_UNREADABLE: not a break, but no verdict either.
 */
export async function checkAnchors(deps: {
  readonly anchors: Pick<ChainAnchors, 'list'>;
  readonly chain: Pick<AnchoredChain, 'hashesAt'>;
}): Promise<ChainBreak | undefined> {
  const listing = await deps.anchors.list();
  const seqs = [...new Set(listing.anchors.map((anchor) => anchor.seq))];
  const hashes = await deps.chain.hashesAt(seqs);
  return anchorBreak(listing, (seq) => hashes.get(seq));
}

export interface AnchorWriter {
  /**
   * Anchors the chain's head unless this process anchored it already. Calls that come while one is
   * running share the next run, so a burst of finished requests costs one or two writes.
   */
  anchorHead(): Promise<void>;
}

export function createAnchorWriter(
  deps: AnchorDeps & { readonly clock: Clock; readonly logger: Logger },
): AnchorWriter {
  const logger = deps.logger.child({ component: 'anchors' });
  let anchoredSeq = 0;
  let running: Promise<void> | undefined;
  let again: Promise<void> | undefined;

  async function anchorOnce(): Promise<void> {
    const head = await deps.chain.readHead();
    if (head.seq === 0 || head.seq <= anchoredSeq) return;
    const result = await deps.anchors.create({ ...head, at: deps.clock.now().toISOString() });
    anchoredSeq = head.seq;
    if (result.created) {
      logger.info({ seq: head.seq, hashPrefix: head.hash.slice(0, 16) }, 'audit chain anchored');
    } else if (result.hash !== head.hash) {
      // The chain watcher raises the alarm (it compares every anchor); this line says it early.
      logger.error(
        { seq: head.seq, hashPrefix: head.hash.slice(0, 16), anchorHashPrefix: result.hash?.slice(0, 16) },
        'the audit chain disagrees with its anchor',
      );
    }
  }

  const run = (): Promise<void> =>
    anchorOnce().catch((error: unknown) => {
      const coded = toResetError(error);
      logger.error(
        { code: coded.code, details: coded.details, err: error },
        'could not anchor the audit chain',
      );
    });

  return {
    anchorHead() {
      if (running === undefined) {
        running = run().finally(() => {
          running = undefined;
        });
        return running;
      }
      again ??= running.then(() => {
        again = undefined;
        return this.anchorHead();
      });
      return again;
    },
  };
}

/**
 * The anchoring of one bot process: the writer and what the chain watcher checks, or, without
 * `audit.anchors`, neither and one warning line saying what that costs.
 */
export function createAnchoring(deps: {
  readonly anchors: ChainAnchors | undefined;
  readonly chain: AnchoredChain;
  readonly clock: Clock;
  readonly logger: Logger;
}): {
  readonly watch: { readonly anchors?: AnchorDeps };
  readonly writer: AnchorWriter | undefined;
  /** After a request changed: a finished one is anchored at once (in the background; the writer never throws). */
  requestChanged(request: ResetRequest): void;
} {
  const { anchors, chain } = deps;
  if (anchors === undefined) {
    deps.logger.warn(
      { setting: 'audit.anchors' },
      'audit.anchors is not set: the audit trail has no anchors outside the table, so someone able to write ' +
        'the table can rewrite events and the chain head together unseen by audit verify and the chain watcher',
    );
    return { watch: {}, writer: undefined, requestChanged: () => undefined };
  }
  const writer = createAnchorWriter({ ...deps, anchors });
  return {
    watch: { anchors: { anchors, chain } },
    writer,
    requestChanged: (request) => {
      if (isFinal(request.state)) void writer.anchorHead();
    },
  };
}
