import type {
  AlarmClaims,
  AnchoredChain,
  AuditChain,
  ChainPosition,
  ChainSegmentCheck,
  ChainWatchState,
} from '../../../src/services/ports.js';

interface FakeEvent {
  readonly seq: number;
  readonly hash: string;
  readonly prevHash: string;
  /** False once "edited": its content no longer matches its hash. */
  intact: boolean;
}

const GENESIS = 'genesis';

/**
 * The `AuditChain` contract in memory: a chain of events with a head and a shared checkpoint that never
 * moves back. Tests edit or delete events behind its
 * back, and read how many events each check read (to see that checks are incremental).
 */
export class InMemoryChain implements AuditChain, AnchoredChain {
  readonly #events = new Map<number, FakeEvent>();
  #head: ChainPosition = { seq: 0, hash: GENESIS };
  #state: ChainWatchState = {};
  /** Events read by verifyAfter and recheck, in all. */
  eventsRead = 0;

  append(count: number): void {
    for (let i = 0; i < count; i += 1) {
      const seq = this.#head.seq + 1;
      const event = { seq, hash: `h${seq}`, prevHash: this.#head.hash, intact: true };
      this.#events.set(seq, event);
      this.#head = { seq, hash: event.hash };
    }
  }

  edit(seq: number): void {
    this.#events.get(seq)!.intact = false;
  }

  remove(seq: number): void {
    this.#events.delete(seq);
  }

  get state(): ChainWatchState {
    return structuredClone(this.#state);
  }

  async readWatchState(): Promise<ChainWatchState> {
    await Promise.resolve();
    return structuredClone(this.#state);
  }

  #walk(start: ChainPosition, from: number, to: number): ChainSegmentCheck {
    let last = start;
    let checked = 0;
    for (let seq = from; seq <= to; seq += 1) {
      this.eventsRead += 1;
      const event = this.#events.get(seq);
      const problem =
        event === undefined
          ? `event ${seq} is missing`
          : !event.intact
            ? `event ${seq} was modified`
            : event.prevHash !== last.hash
              ? `event ${seq} does not link`
              : undefined;
      if (problem !== undefined || event === undefined) {
        return { ok: false, firstBadSeq: seq, problem: problem ?? '', last, checked };
      }
      last = { seq, hash: event.hash };
      checked += 1;
    }
    return { ok: true, last, checked };
  }

  async verifyAfter(
    from: ChainPosition | undefined,
    options: { maxEvents: number },
  ): Promise<ChainSegmentCheck> {
    await Promise.resolve();
    const start = from ?? { seq: 0, hash: GENESIS };
    const to = Math.min(this.#head.seq, start.seq + options.maxEvents);
    return this.#walk(start, start.seq + 1, to);
  }

  async recheck(fromSeq: number, count: number): Promise<ChainSegmentCheck> {
    await Promise.resolve();
    const before = this.#events.get(fromSeq - 1);
    const start = fromSeq <= 1 ? { seq: 0, hash: GENESIS } : { seq: fromSeq - 1, hash: before?.hash ?? '?' };
    return this.#walk(start, fromSeq, fromSeq + count - 1);
  }

  async recordVerified(
    checkpoint: ChainPosition & {
      at: string;
      recheckFrom: number;
      broken?: { seq: number; problem: string };
    },
  ): Promise<boolean> {
    await Promise.resolve();
    if ((this.#state.verified?.seq ?? 0) > checkpoint.seq) return false;
    this.#state = {
      verified: { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at },
      recheckFrom: checkpoint.recheckFrom,
      ...(checkpoint.broken === undefined ? {} : { broken: { ...checkpoint.broken, at: checkpoint.at } }),
    };
    return true;
  }

  /** Rewrites events `fromSeq` to the head with new hashes, links and head to match: only an anchor can tell. */
  rewriteFrom(fromSeq: number): void {
    let prevHash = this.#events.get(fromSeq - 1)?.hash ?? GENESIS;
    for (let seq = fromSeq; seq <= this.#head.seq; seq += 1) {
      const event = { seq, hash: `forged${seq}`, prevHash, intact: true };
      this.#events.set(seq, event);
      prevHash = event.hash;
    }
    this.#head = { seq: this.#head.seq, hash: prevHash };
  }

  async readHead(): Promise<ChainPosition> {
    await Promise.resolve();
    return { ...this.#head };
  }

  async hashesAt(seqs: readonly number[]): Promise<ReadonlyMap<number, string>> {
    await Promise.resolve();
    return new Map(
      seqs.flatMap((seq) => (this.#events.has(seq) ? [[seq, this.#events.get(seq)!.hash] as const] : [])),
    );
  }
}

/** The `AlarmClaims` contract in memory: every claim here is one a bot wrote (forgeries are for the store's tests). */
export class InMemoryAlarmClaims implements AlarmClaims {
  readonly claims = new Map<string, { at: string; until: string }>();
  /** When set, reads and writes fail as a store that is down does. */
  unavailable = false;

  async delivered(key: string, now: Date): Promise<boolean> {
    await Promise.resolve();
    if (this.unavailable) throw new Error('the table is down');
    const claim = this.claims.get(key);
    return claim !== undefined && Date.parse(claim.until) > now.getTime();
  }

  async recordDelivered(key: string, claim: { at: string; until: string }): Promise<void> {
    await Promise.resolve();
    if (this.unavailable) throw new Error('the table is down');
    this.claims.set(key, claim);
  }
}
