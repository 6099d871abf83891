import type { AuditEvent } from '../domain/audit.js';
import type { AuditFilter } from '../domain/audit-filter.js';
import { ResetError } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import { isAuditor } from './auditors.js';
import type { AuditQuery } from './ports.js';
import type { ServiceDeps } from './service-deps.js';

/** Events per page of results: one line each, well within a modal's 100 blocks. */
export const REVIEW_PAGE_SIZE = 25;
/** Events a request's timeline shows; a request has a dozen, a pathological one is cut and says so. */
export const TIMELINE_LIMIT = 60;

export type ReviewDeps = Pick<ServiceDeps, 'store' | 'directory' | 'rules' | 'clock' | 'ids' | 'logger'>;

export interface ReviewPage {
  readonly filter: AuditFilter;
  /** The end of the period; pages of one review share it, so paging never shifts. */
  readonly asOf: string;
  readonly page: number;
  readonly events: readonly AuditEvent[];
  readonly cursor?: string;
}

export interface Timeline {
  readonly requestId: string;
  /** Undefined when the trail names a request whose item is gone. */
  readonly request?: ResetRequest;
  readonly events: readonly AuditEvent[];
  readonly truncated: boolean;
}

type Selection = Exclude<AuditQuery, { cursor: string }>;

/** The store query behind a filter: each subject has its index; the period bounds it by time. */
export function auditQueryOf(filter: AuditFilter, asOf: string): Selection {
  const to = new Date(Date.parse(asOf)).toISOString();
  const from = new Date(Date.parse(asOf) - filter.days * 86_400_000).toISOString();
  const { subject } = filter;
  switch (subject.kind) {
    case 'all':
      return { by: 'time', from, to };
    case 'iam-user':
      return { by: 'target', iamUserName: subject.iamUserName, from, to };
    case 'member':
      return { by: 'actor', slackUserId: subject.slackUserId, from, to };
    case 'request':
      return { by: 'request', requestId: subject.requestId, from, to };
  }
}

/**
 * Auditors reviewing the trail. Access is checked on every call with fresh group membership;
 * anyone else is refused and the refusal audited (AUDIT_REFUSED). Every read of events is audited
 * (AUDIT_VIEWED, with the filter) before the events are returned: auditors are audited too.
 */
export function createAuditReview(deps: ReviewDeps) {
  const events = createAuditEvents(deps);

  async function authorise(slackUserId: string, what: string): Promise<void> {
    if (await isAuditor(deps, slackUserId)) return;
    await deps.store.appendAudit([events.auditRefused(slackUserId, { code: 'NOT_AN_AUDITOR', what })]);
    throw new ResetError('NOT_AN_AUDITOR', `${slackUserId} is not an auditor.`, {
      details: { slackUserId, what },
    });
  }

  /** Whether the member may open the filter modal; refuses (and audits) anyone else. */
  async function open(slackUserId: string): Promise<void> {
    await authorise(slackUserId, 'review');
  }

  /** One page of events, newest first. `asOf` and `cursor` come from the previous page. */
  async function review(input: {
    auditorSlackId: string;
    filter: AuditFilter;
    asOf?: string;
    cursor?: string;
    page?: number;
  }): Promise<ReviewPage> {
    await authorise(input.auditorSlackId, 'review');
    const asOf = input.asOf ?? deps.clock.now().toISOString();
    const page = input.page ?? 1;
    const found = await deps.store.queryAudit({
      ...auditQueryOf(input.filter, asOf),
      newestFirst: true,
      limit: REVIEW_PAGE_SIZE,
      ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
    });
    await deps.store.appendAudit([
      events.auditViewed(input.auditorSlackId, {
        filter: input.filter,
        view: 'results',
        page,
        shown: found.events.length,
      }),
    ]);
    return {
      filter: input.filter,
      asOf,
      page,
      events: found.events,
      ...(found.cursor === undefined ? {} : { cursor: found.cursor }),
    };
  }

  /** Every event of one request, oldest first, with the request as it stands. */
  async function timeline(input: { auditorSlackId: string; requestId: string }): Promise<Timeline> {
    await authorise(input.auditorSlackId, 'timeline');
    const [request, found] = await Promise.all([
      deps.store.getRequest(input.requestId),
      deps.store.queryAudit({ by: 'request', requestId: input.requestId, limit: TIMELINE_LIMIT }),
    ]);
    const filter: AuditFilter = { subject: { kind: 'request', requestId: input.requestId }, days: 0 };
    await deps.store.appendAudit([
      events.auditViewed(input.auditorSlackId, {
        filter,
        view: 'timeline',
        page: 1,
        shown: found.events.length,
      }),
    ]);
    return {
      requestId: input.requestId,
      ...(request === undefined ? {} : { request }),
      events: found.events,
      truncated: found.cursor !== undefined,
    };
  }

  return { authorise, open, review, timeline };
}

export type AuditReview = ReturnType<typeof createAuditReview>;
