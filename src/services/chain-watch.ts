import type { ChainBreak } from '../domain/anchors.js';
import { toResetError } from '../domain/errors.js';
import { type AlarmDeps, createAlarmRaiser } from './alarms.js';
import { type AnchorDeps, checkAnchors } from './anchors.js';
import { createAuditEvents } from './audit-events.js';
import type { AuditChain, ChainSegmentCheck, ChainWatchState, Clock, IdGenerator } from './ports.js';

export interface ChainWatchDeps extends AlarmDeps {
  readonly chain: AuditChain;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The chain's anchors outside the table (`audit.anchors`), compared with the table on every check. */
  readonly anchors?: AnchorDeps;
}

export interface ChainWatchOptions {
  /** Events verified per read batch; the check goes on batch after batch up to the head. */
  readonly batch?: number;
  /** At most this many new events per check, so a first check of a huge trail spreads over runs. */
  readonly maxEventsPerCheck?: number;
  /** Older events re-checked per run, round and round, to catch edits behind the checkpoint. */
  readonly recheckWindow?: number;
}

export interface ChainWatchResult {
  readonly verifiedSeq: number;
  readonly broken?: { readonly seq: number; readonly problem: string };
  /** Whether this check delivered the alarm (false when none was due or it was delivered before). */
  readonly alarmed: boolean;
  /** Set when the anchors could not be read: the check found no break, but could not compare them. */
  readonly anchorsUnreadable?: true;
}

/**
 * Watches the audit chain: each check verifies the events written since the shared checkpoint
 * (reads by sequence number, not a scan of the table), re-checks a window of older events, moves
 * the checkpoint on and raises an alarm per break (alarms.ts: logged at every check, delivered
 * once, or twice when replicas find it at the same moment). Replicas share the checkpoint and the
 * alarm claims in the table, so running it on every replica at once is safe.
 */
export function createChainWatcher(deps: ChainWatchDeps, options: ChainWatchOptions = {}) {
  const events = createAuditEvents(deps);
  const alarms = createAlarmRaiser(deps);
  const batch = options.batch ?? 1_000;
  const maxEvents = options.maxEventsPerCheck ?? 50_000;
  const recheckWindow = options.recheckWindow ?? 1_000;

  /** New events since the checkpoint, batch after batch, stopping at the first break. */
  async function verifyNewEvents(state: ChainWatchState): Promise<ChainSegmentCheck> {
    let result = await deps.chain.verifyAfter(state.verified, { maxEvents: batch });
    let checked = result.checked;
    while (result.ok && result.checked === batch && checked < maxEvents) {
      result = await deps.chain.verifyAfter(result.last, { maxEvents: batch });
      checked += result.checked;
    }
    return result;
  }

  /** The next window of already verified events, wrapping round to the first. */
  async function recheckOlder(state: ChainWatchState): Promise<{ check?: ChainSegmentCheck; next: number }> {
    const verifiedSeq = state.verified?.seq ?? 0;
    if (verifiedSeq === 0) return { next: 1 };
    const from = state.recheckFrom !== undefined && state.recheckFrom <= verifiedSeq ? state.recheckFrom : 1;
    const count = Math.min(recheckWindow, verifiedSeq - from + 1);
    const check = await deps.chain.recheck(from, count);
    // A break stays in view (the same window again) until it is repaired.
    if (!check.ok) return { check, next: from };
    return { check, next: from + count > verifiedSeq ? 1 : from + count };
  }

  function alarm(broken: { seq: number; problem: string }, verifiedSeq: number): Promise<boolean> {
    return alarms.raise({
      key: `chain-broken#${broken.seq}`,
      message: 'audit chain broken',
      facts: { firstBadSeq: broken.seq, problem: broken.problem },
      alarm: { kind: 'chain-broken', firstBadSeq: broken.seq, problem: broken.problem, verifiedSeq },
      event: events.auditChainBroken({ firstBadSeq: broken.seq, verifiedSeq, problem: broken.problem }),
    });
  }

  /** The first anchor the table disagrees with; 'unreadable' when S3 could not be read (logged, not a break). */
  async function anchorsBreak(): Promise<ChainBreak | 'unreadable' | undefined> {
    if (deps.anchors === undefined) return undefined;
    try {
      return await checkAnchors(deps.anchors);
    } catch (error) {
      const coded = toResetError(error);
      deps.logger.error(
        { code: coded.code, details: coded.details, err: error },
        'the audit chain anchors could not be checked',
      );
      return 'unreadable';
    }
  }

  async function check(): Promise<ChainWatchResult> {
    const state = await deps.chain.readWatchState();
    const fresh = await verifyNewEvents(state);
    const older = await recheckOlder(state);
    const failure = [older.check, fresh].find((result) => result !== undefined && !result.ok);
    const anchored = failure === undefined ? await anchorsBreak() : undefined;
    const unreadable = anchored === 'unreadable' ? ({ anchorsUnreadable: true } as const) : {};
    const broken =
      failure !== undefined && !failure.ok
        ? { seq: failure.firstBadSeq, problem: failure.problem }
        : anchored !== undefined && anchored !== 'unreadable'
          ? { seq: anchored.firstBadSeq, problem: anchored.problem }
          : undefined;
    // The alarm before the checkpoint's write: a write that fails must not hold it back.
    const alarmed = broken === undefined ? false : await alarm(broken, fresh.last.seq);
    await deps.chain.recordVerified({
      ...fresh.last,
      at: deps.clock.now().toISOString(),
      recheckFrom: older.next,
      ...(broken === undefined ? {} : { broken }),
    });
    return {
      verifiedSeq: fresh.last.seq,
      ...(broken === undefined ? {} : { broken }),
      alarmed,
      ...unreadable,
    };
  }

  return { check };
}

export type ChainWatcher = ReturnType<typeof createChainWatcher>;
