import type { UnaccountedReset } from '../domain/account-trail.js';
import type { AuditActor, AuditEventDraft, AuditEventType, AuditOutcome } from '../domain/audit.js';
import { type AuditFilter, auditFilterDetails } from '../domain/audit-filter.js';
import type { DeviceOutcome } from '../domain/devices.js';
import type { ErrorCode } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import type { Clock, IdGenerator } from './ports.js';

/**
 * One function per business event, so every event of a kind has the same shape and nothing that
 * must not be in the trail (codes, credentials) can slip in through a free-form field.
 */
export function createAuditEvents(deps: { clock: Clock; ids: IdGenerator }) {
  const member = (slackUserId: string): AuditActor => ({ kind: 'member', slackUserId });
  const bot: AuditActor = { kind: 'bot' };

  function event(
    type: AuditEventType,
    outcome: AuditOutcome,
    fields: Omit<AuditEventDraft, 'eventId' | 'type' | 'at' | 'outcome'>,
  ): AuditEventDraft {
    return { eventId: deps.ids.newId(), type, at: deps.clock.now().toISOString(), outcome, ...fields };
  }

  function aboutRequest(request: ResetRequest) {
    return {
      requestId: request.id,
      target: { slackUserId: request.target.slackUserId, iamUserName: request.target.iamUserName },
    };
  }

  return {
    requestRefused(input: { slackUserId: string; iamUserName?: string; code: ErrorCode; detail?: string }) {
      return event('REQUEST_REFUSED', 'refused', {
        actor: member(input.slackUserId),
        target: {
          slackUserId: input.slackUserId,
          ...(input.iamUserName !== undefined ? { iamUserName: input.iamUserName } : {}),
        },
        errorCode: input.code,
        ...(input.detail !== undefined ? { details: { detail: input.detail } } : {}),
      });
    },
    requestCreated(request: ResetRequest) {
      return event('REQUEST_CREATED', 'success', {
        ...aboutRequest(request),
        actor: member(request.requesterSlackId),
        devices: request.devices.map((d) => d.serial),
        reason: request.reason,
        details: { expiresAt: request.expiresAt },
      });
    },
    approversNotified(request: ResetRequest, message: { channel: string; ts: string }) {
      return event('APPROVERS_NOTIFIED', 'info', {
        ...aboutRequest(request),
        actor: bot,
        details: { channel: message.channel, ts: message.ts },
      });
    },
    approvalRefused(request: ResetRequest, approverSlackId: string, code: ErrorCode) {
      return event('APPROVAL_REFUSED', 'refused', {
        ...aboutRequest(request),
        actor: member(approverSlackId),
        errorCode: code,
      });
    },
    tokenRejected(
      request: ResetRequest,
      input: { approverSlackId: string; mfaSerial: string; attempt: number },
    ) {
      return event('TOKEN_REJECTED', 'refused', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        errorCode: 'TOKEN_CODE_REJECTED',
        details: { attempt: input.attempt },
      });
    },
    stepUpFailed(
      request: ResetRequest,
      input: { approverSlackId: string; mfaSerial: string; code: ErrorCode },
    ) {
      return event('STEP_UP_FAILED', 'failure', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        errorCode: input.code,
      });
    },
    approvalRecorded(request: ResetRequest, input: { approverSlackId: string; mfaSerial?: string }) {
      return event('APPROVAL_RECORDED', 'success', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        ...(input.mfaSerial !== undefined ? { mfaSerial: input.mfaSerial } : {}),
        details: { approvals: request.approvals.length },
      });
    },
    requestApproved(request: ResetRequest, input: { approverSlackId: string; mfaSerial?: string }) {
      return event('REQUEST_APPROVED', 'success', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        ...(input.mfaSerial !== undefined ? { mfaSerial: input.mfaSerial } : {}),
        details: { mfaVerified: input.mfaSerial !== undefined },
      });
    },
    executionStarted(request: ResetRequest, approverSlackId: string) {
      return event('EXECUTION_STARTED', 'info', {
        ...aboutRequest(request),
        actor: member(approverSlackId),
        devices: request.devices.map((d) => d.serial),
      });
    },
    stepUpUsed(request: ResetRequest, input: { approverSlackId: string; mfaSerial: string }) {
      return event('STEP_UP_USED', 'info', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
      });
    },
    deviceOutcomes(request: ResetRequest, approverSlackId: string, outcomes: readonly DeviceOutcome[]) {
      return outcomes.flatMap((outcome) => {
        const common = {
          ...aboutRequest(request),
          actor: member(approverSlackId),
          devices: [outcome.serial],
        };
        const events: AuditEventDraft[] = [];
        if (outcome.deactivated) events.push(event('DEVICE_DEACTIVATED', 'success', common));
        if (outcome.deleted) events.push(event('DEVICE_DELETED', 'success', common));
        if (outcome.errorCode !== undefined) {
          events.push(event('DEVICE_RESET_FAILED', 'failure', { ...common, errorCode: outcome.errorCode }));
        }
        return events;
      });
    },
    requestFinished(request: ResetRequest, actor: string | 'bot') {
      const completed = request.state === 'COMPLETED';
      return event(completed ? 'REQUEST_COMPLETED' : 'REQUEST_FAILED', completed ? 'success' : 'failure', {
        ...aboutRequest(request),
        actor: actor === 'bot' ? bot : member(actor),
        devices: request.devices.map((d) => d.serial),
        ...(request.failureCode !== undefined ? { errorCode: request.failureCode } : {}),
      });
    },
    requestDenied(request: ResetRequest, approverSlackId: string, reason: string) {
      return event('REQUEST_DENIED', 'success', {
        ...aboutRequest(request),
        actor: member(approverSlackId),
        reason,
      });
    },
    requestExpired(request: ResetRequest) {
      return event('REQUEST_EXPIRED', 'info', { ...aboutRequest(request), actor: bot });
    },
    requestReconciled(request: ResetRequest) {
      return event('REQUEST_RECONCILED', request.state === 'COMPLETED' ? 'success' : 'failure', {
        ...aboutRequest(request),
        actor: bot,
        devices: request.devices.map((d) => d.serial),
        ...(request.failureCode !== undefined ? { errorCode: request.failureCode } : {}),
      });
    },
    notificationFailed(request: ResetRequest, input: { what: string; code: ErrorCode }) {
      return event('NOTIFICATION_FAILED', 'failure', {
        ...aboutRequest(request),
        actor: bot,
        errorCode: input.code,
        details: { what: input.what },
      });
    },
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
    /** A CloudTrail MFA reset that no request of the trail accounts for. */
    cloudTrailMismatch(reset: UnaccountedReset) {
      return event('CLOUDTRAIL_MISMATCH', 'failure', {
        actor: bot,
        ...(reset.iamUserName !== undefined ? { target: { iamUserName: reset.iamUserName } } : {}),
        devices: [reset.serial],
        details: {
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

export type AuditEvents = ReturnType<typeof createAuditEvents>;
