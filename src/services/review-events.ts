import type { UnaccountedReset } from '../domain/account-trail.js';
import type { AuditActor, AuditEventDraft, AuditEventType, AuditOutcome } from '../domain/audit.js';
import { type AuditFilter, auditFilterDetails } from '../domain/audit-filter.js';
import type { ErrorCode } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';

/** What every event builder shares (see createAuditEvents). */
export interface EventBuilder {
  event(
    type: AuditEventType,
    outcome: AuditOutcome,
    fields: Omit<AuditEventDraft, 'eventId' | 'type' | 'at' | 'outcome'>,
  ): AuditEventDraft;
  member(slackUserId: string): AuditActor;
  readonly bot: AuditActor;
  /** The fields that tie an event to a request: its id and its target. */
  aboutRequest(request: ResetRequest): Pick<AuditEventDraft, 'requestId' | 'target'>;
}

/** The events about the audit trail itself: reviews, exports, and what its watchers find. */
export function reviewEvents({ event, member, bot }: EventBuilder) {
  return {
    /** An auditor read events: which filter, which view, how many. Written before they are shown. */
    auditViewed(
      auditorSlackId: string,
      input: { filter: AuditFilter; view: 'results' | 'timeline'; page: number; shown: number },
    ) {
      // No requestId even for a request's timeline: a request's events tell its own story.
      return event('AUDIT_VIEWED', 'info', {
        actor: member(auditorSlackId),
        details: {
          ...auditFilterDetails(input.filter),
          view: input.view,
          page: input.page,
          shown: input.shown,
        },
      });
    },
    /** Someone who is not an auditor asked to review or export the trail. */
    auditRefused(slackUserId: string, input: { code: ErrorCode; what: string }) {
      return event('AUDIT_REFUSED', 'refused', {
        actor: member(slackUserId),
        errorCode: input.code,
        details: { what: input.what },
      });
    },
    /** An auditor exported events to their DMs; written before the file leaves, and again if it failed. */
    auditExported(
      auditorSlackId: string,
      input: {
        filter: AuditFilter;
        format: string;
        count: number;
        seqRange?: { first: number; last: number };
        code?: ErrorCode;
      },
    ) {
      return event('AUDIT_EXPORTED', input.code === undefined ? 'success' : 'failure', {
        actor: member(auditorSlackId),
        ...(input.code !== undefined ? { errorCode: input.code } : {}),
        details: {
          ...auditFilterDetails(input.filter),
          format: input.format,
          count: input.count,
          ...(input.seqRange !== undefined
            ? { firstSeq: input.seqRange.first, lastSeq: input.seqRange.last }
            : {}),
        },
      });
    },
    auditChainBroken(input: { firstBadSeq: number; verifiedSeq: number; problem: string }) {
      return event('AUDIT_CHAIN_BROKEN', 'failure', {
        actor: bot,
        details: { firstBadSeq: input.firstBadSeq, verifiedSeq: input.verifiedSeq, problem: input.problem },
      });
    },
    /**
     * A CloudTrail MFA reset that no request of the trail accounts for. In a member account, the
     * user goes by `ACCOUNT_ID:name`, as its requests do, and the details name the account.
     */
    cloudTrailMismatch(reset: UnaccountedReset) {
      const { account } = reset;
      return event('CLOUDTRAIL_MISMATCH', 'failure', {
        actor: bot,
        ...(reset.iamUserName !== undefined
          ? {
              target: {
                iamUserName: account === undefined ? reset.iamUserName : `${account.id}:${reset.iamUserName}`,
              },
            }
          : {}),
        devices: [reset.serial],
        details: {
          ...(account === undefined ? {} : { accountId: account.id, accountName: account.name }),
          cloudTrailEventId: reset.eventId,
          eventName: reset.action,
          eventTime: reset.at,
          reason: reset.reason,
          ...(reset.caller.arn !== undefined ? { callerArn: reset.caller.arn } : {}),
        },
      });
    },
  };
}
