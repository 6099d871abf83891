import type { UnaccountedReset } from './domain/account-trail.js';
import type { ResetRequest } from './domain/request.js';
import type { AccountCheck } from './services/account-check.js';
import type { AnchorWriter } from './services/anchors.js';
import type { ApprovalService } from './services/approval/service.js';
import type { ChainWatcher, ChainWatchResult } from './services/chain-watch.js';
import type { EnrolmentFollowUp } from './services/enrolments.js';
import type { Logger } from './services/ports.js';
import type { Reconciler } from './services/reconcile.js';
import type { ReminderService } from './services/reminders.js';

/** How often each background job runs (0 turns it off). */
export interface HousekeepingIntervals {
  /** Expiry sweep, reminders, reconciliation of interrupted resets and the follow-through to new devices. */
  readonly sweepMs: number;
  /** The audit chain watcher. */
  readonly chainWatchMs: number;
  /** The CloudTrail check, from `audit.cloudtrailCheckMinutes`; 0 when it is off. */
  readonly cloudTrailMs: number;
  /** Anchoring the chain's head while it moves, from `audit.anchors.everyMinutes`; 0 when off. */
  readonly anchorMs: number;
}

/** How far back each CloudTrail check looks: CloudTrail delivers events minutes late. */
export const CLOUDTRAIL_LOOKBACK_MS = 24 * 60 * 60_000;

export interface Housekeeping {
  /** Runs every job once now (start-up), then on its interval. */
  start(): void;
  stop(): void;
  /** The checks on demand: what the timers run, for operators and tests. */
  readonly checks: {
    /**
     * One sweep: expiries, reminders, interrupted resets, and new devices after completed resets
     * (what every replica runs on its timer).
     */
    sweep(): Promise<void>;
    chain(): Promise<ChainWatchResult>;
    cloudTrail(): Promise<{ unaccounted: readonly UnaccountedReset[] }>;
    /** Anchors the chain's head outside the table, if it moved since this process last did. */
    anchor(): Promise<void>;
  };
}

/**
 * The bot's background jobs. Every replica runs them; each is safe to run on several at once
 * (conditional writes decide). A failed run is logged and the next one tries again.
 */
export function createHousekeeping(input: {
  readonly approvals: ApprovalService;
  readonly reconciler: Reconciler;
  readonly reminders: ReminderService;
  /** Follows completed resets to the member's new MFA device (a few IAM users per sweep). */
  readonly enrolments: EnrolmentFollowUp;
  /** The requests still PENDING, read once per sweep. */
  readonly pendingRequests: () => Promise<readonly ResetRequest[]>;
  readonly watcher: ChainWatcher;
  readonly accountCheck?: AccountCheck;
  /** Anchors the chain's head on its interval; undefined without `audit.anchors`. */
  readonly anchorWriter: AnchorWriter | undefined;
  readonly logger: Logger;
  readonly intervals: HousekeepingIntervals;
}): Housekeeping {
  const { logger, intervals } = input;
  const timers: NodeJS.Timeout[] = [];

  const sweep = async () => {
    // One read of the pending requests serves the expiry and the reminders (an expired request is
    // never reminded of, so the reminders may see it still pending).
    const pending = await input.pendingRequests().catch((error: unknown) => {
      logger.error({ err: error }, 'reading the pending requests failed');
      return undefined;
    });
    if (pending !== undefined) {
      await input.approvals
        .expireDue(pending)
        .catch((error: unknown) => logger.error({ err: error }, 'expiry sweep failed'));
      await input.reminders
        .remindDue(pending)
        .catch((error: unknown) => logger.error({ err: error }, 'reminder sweep failed'));
    }
    await input.reconciler
      .reconcileInterrupted({ staleAfterMs: 5 * 60_000 })
      .catch((error: unknown) => logger.error({ err: error }, 'reconciliation failed'));
    await input.enrolments
      .followUp()
      .catch((error: unknown) => logger.error({ err: error }, 'enrolment follow-up failed'));
  };
  const checks = {
    sweep,
    chain: () => input.watcher.check(),
    cloudTrail: async () =>
      input.accountCheck === undefined
        ? { unaccounted: [] }
        : input.accountCheck.checkAndAlarm({ lookbackMs: CLOUDTRAIL_LOOKBACK_MS }),
    // The writer logs its own failures: a failed anchor is covered by the next one.
    anchor: async () => input.anchorWriter?.anchorHead(),
  };
  const jobs: Array<[number, () => Promise<unknown>]> = [
    [intervals.sweepMs, sweep],
    [
      intervals.chainWatchMs,
      () =>
        checks.chain().catch((error: unknown) => logger.error({ err: error }, 'audit chain check failed')),
    ],
    [
      input.accountCheck === undefined ? 0 : intervals.cloudTrailMs,
      () =>
        checks
          .cloudTrail()
          .catch((error: unknown) => logger.error({ err: error }, 'CloudTrail check failed')),
    ],
    [input.anchorWriter === undefined ? 0 : intervals.anchorMs, checks.anchor],
  ];

  return {
    start() {
      for (const [ms, job] of jobs) {
        if (ms <= 0) continue;
        const timer = setInterval(() => void job(), ms);
        timer.unref();
        timers.push(timer);
        void job();
      }
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
      timers.length = 0;
    },
    checks,
  };
}
