import { toResetError } from '../domain/errors.js';
import { type ResetRequest, requestStates } from '../domain/request.js';
import { isApprover } from './approvers.js';
import { isAuditor } from './auditors.js';
import type { AuditChain, ChainWatchState } from './ports.js';
import type { ServiceDeps } from './service-deps.js';

/** What one member's App Home shows, by role; every member sees their own requests. */
export interface HomeModel {
  readonly slackUserId: string;
  readonly roles: { readonly approver: boolean; readonly auditor: boolean };
  readonly ownRequests: readonly ResetRequest[];
  /** Approvers: requests waiting for a decision, newest first. */
  readonly pendingRequests: readonly ResetRequest[];
  /** Approvers: requests a crash left UNFINISHED, for them to finish with their code, newest first. */
  readonly unfinishedRequests: readonly ResetRequest[];
  /** Auditors: the latest requests in any state, newest first. */
  readonly latestRequests: readonly ResetRequest[];
  /** Auditors: how far the chain watcher has verified the trail, and any break it found. */
  readonly chain?: ChainWatchState;
}

/** Publishes a member's Home tab (views.publish); rendering lives with the Slack adapter. */
export interface HomePublisher {
  publish(home: HomeModel): Promise<void>;
}

export const HOME_LIST_LENGTH = 10;
/** Members who opened their Home this recently are refreshed when a request changes. */
const RECENT_VIEWER_MS = 60 * 60_000;
/** Refreshes per change at most, newest viewers first: the Home is a convenience, not a feed. */
const MAX_REFRESHED_VIEWERS = 50;

export type HomeDeps = Pick<ServiceDeps, 'store' | 'directory' | 'rules' | 'clock' | 'logger'> & {
  readonly chain: Pick<AuditChain, 'readWatchState'>;
  readonly publisher: HomePublisher;
  /**
   * How long refreshes wait and gather (default 1 s): the change's own answer to Slack goes first,
   * and the steps of one reset (approved, executing, completed) become one refresh.
   */
  readonly refreshDelayMs?: number;
};

/**
 * App Home by role. It is built on `app_home_opened`, which Slack sends every time a member opens
 * the tab, so a republish only matters to someone looking at it now: when a request changes, the
 * Home is rebuilt for the members who opened it on this replica within the last hour, the
 * request's requester among them if they did. Everyone else gets the change the next time they open
 * the tab, and the change itself costs nothing for members who never look.
 */
export function createHomeService(deps: HomeDeps) {
  const viewers = new Map<string, number>();
  const due = new Set<string>();
  let flushing: { timer: NodeJS.Timeout; done: Promise<void> } | undefined;

  async function latestRequests(): Promise<ResetRequest[]> {
    const perState = await Promise.all(
      requestStates.map((state) =>
        deps.store.listRequestsByState(state, HOME_LIST_LENGTH, { newestFirst: true }),
      ),
    );
    return perState
      .flat()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, HOME_LIST_LENGTH);
  }

  async function homeFor(slackUserId: string): Promise<HomeModel> {
    const [approver, auditor, ownRequests] = await Promise.all([
      isApprover(deps, slackUserId),
      // Display: a Home refresh for many members must not ask Slack for every group each time.
      isAuditor(deps, slackUserId, 'display'),
      deps.store.listRequestsByRequester(slackUserId, HOME_LIST_LENGTH),
    ]);
    const [pendingRequests, unfinishedRequests, latest, chain] = await Promise.all([
      approver ? deps.store.listRequestsByState('PENDING', HOME_LIST_LENGTH, { newestFirst: true }) : [],
      approver ? deps.store.listRequestsByState('UNFINISHED', HOME_LIST_LENGTH, { newestFirst: true }) : [],
      auditor ? latestRequests() : [],
      auditor ? deps.chain.readWatchState() : undefined,
    ]);
    return {
      slackUserId,
      roles: { approver, auditor },
      ownRequests,
      pendingRequests,
      unfinishedRequests,
      latestRequests: latest,
      ...(chain === undefined ? {} : { chain }),
    };
  }

  /** The member opened the Home tab: remember them for refreshes, and build their Home. */
  async function opened(slackUserId: string): Promise<HomeModel> {
    viewers.set(slackUserId, deps.clock.now().getTime());
    return homeFor(slackUserId);
  }

  function recentViewers(): string[] {
    const since = deps.clock.now().getTime() - RECENT_VIEWER_MS;
    for (const [member, at] of viewers) if (at < since) viewers.delete(member);
    return [...viewers.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_REFRESHED_VIEWERS)
      .map(([member]) => member);
  }

  async function publishFor(member: string): Promise<void> {
    try {
      await deps.publisher.publish(await homeFor(member));
    } catch (error) {
      deps.logger.warn({ member, code: toResetError(error).code, err: error }, 'could not refresh App Home');
    }
  }

  /**
   * Republishes, shortly, the Home of the members who may be looking at it now (it may show this
   * request to any of them, by role); changes that come close together share one refresh. Resolves
   * once it is done. Failures are logged.
   */
  function refreshAfterChange(_request: ResetRequest): Promise<void> {
    for (const member of recentViewers()) due.add(member);
    if (due.size === 0) return flushing?.done ?? Promise.resolve();
    if (flushing !== undefined) return flushing.done;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        const members = [...due];
        due.clear();
        flushing = undefined;
        void Promise.all(members.map(publishFor)).then(() => resolve());
      }, deps.refreshDelayMs ?? 1_000);
    });
    timer!.unref();
    flushing = { timer: timer!, done };
    return done;
  }

  /** Drops refreshes not yet made (the bot is stopping). */
  function stop(): void {
    if (flushing !== undefined) clearTimeout(flushing.timer);
    flushing = undefined;
    due.clear();
  }

  return { homeFor, opened, refreshAfterChange, stop };
}

export type HomeService = ReturnType<typeof createHomeService>;
