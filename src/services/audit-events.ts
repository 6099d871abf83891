import { type Attestation, attestationDetails, ruleDigest } from '../domain/approval-rules.js';
import type { AuditActor, AuditEventDraft, AuditEventType, AuditOutcome } from '../domain/audit.js';
import type { ErrorCode } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import { riskSummary } from '../domain/risk-facts.js';
import { type CodeOfApprover, codeEvents } from './code-events.js';
import { enrolmentEvents } from './enrolment-events.js';
import { executionEvents } from './execution-events.js';
import { lifecycleEvents } from './lifecycle-events.js';
import type { Clock, IdGenerator } from './ports.js';
import { reviewEvents } from './review-events.js';
import { unfinishedEvents } from './unfinished-events.js';

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

  function aboutRequest(request: ResetRequest): Pick<AuditEventDraft, 'requestId' | 'target'> {
    return {
      requestId: request.id,
      target: { slackUserId: request.target.slackUserId, iamUserName: request.target.iamUserName },
    };
  }

  return {
    /** `targetSlackId`: the member named by a help-desk request, when not the requester. */
    requestRefused(input: {
      slackUserId: string;
      targetSlackId?: string;
      iamUserName?: string;
      code: ErrorCode;
      detail?: string;
    }) {
      return event('REQUEST_REFUSED', 'refused', {
        actor: member(input.slackUserId),
        target: {
          slackUserId: input.targetSlackId ?? input.slackUserId,
          ...(input.iamUserName !== undefined ? { iamUserName: input.iamUserName } : {}),
        },
        errorCode: input.code,
        ...(input.detail !== undefined ? { details: { detail: input.detail } } : {}),
      });
    },
    /** Holds the request's fixed facts (see domain/request-facts.ts): checked before any IAM call. */
    requestCreated(request: ResetRequest) {
      return event('REQUEST_CREATED', 'success', {
        ...aboutRequest(request),
        actor: member(request.requesterSlackId),
        devices: request.devices.map((d) => d.serial),
        deviceKinds: request.devices.map((d) => d.kind),
        reason: request.reason,
        details: {
          expiresAt: request.expiresAt,
          // The rule it needs, vouched for by its digest, and when its waiting period ends.
          ...(request.rule === undefined
            ? {}
            : { rule: request.rule.name, ruleDigest: ruleDigest(request.rule) }),
          ...(request.opensAt === undefined ? {} : { opensAt: request.opensAt }),
          ...(request.riskFacts === undefined ? {} : riskSummary(request.riskFacts)),
        },
      });
    },
    approversNotified(request: ResetRequest, message: { channel: string; ts: string }) {
      return event('APPROVERS_NOTIFIED', 'info', {
        ...aboutRequest(request),
        actor: bot,
        details: { channel: message.channel, ts: message.ts },
      });
    },
    approvalRefused(
      request: ResetRequest,
      approverSlackId: string,
      code: ErrorCode,
      details?: Readonly<Record<string, string | number | boolean>>,
    ) {
      return event('APPROVAL_REFUSED', 'refused', {
        ...aboutRequest(request),
        actor: member(approverSlackId),
        errorCode: code,
        ...(details === undefined ? {} : { details }),
      });
    },
    approverDeviceLocked(
      request: ResetRequest,
      input: { approverSlackId: string; mfaSerial: string; until: string },
    ) {
      return event('APPROVER_DEVICE_LOCKED', 'info', {
        requestId: request.id,
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        errorCode: 'APPROVER_DEVICE_LOCKED',
        details: { until: input.until },
      });
    },
    /**
     * `request` as it was made; `facts` names what the stored item had changed, and `found` what it
     * said instead (as `found.<fact>`), for whoever investigates.
     */
    requestTampered(
      request: ResetRequest,
      input: { actor: string; facts: readonly string[]; problem: string; found?: Record<string, string> },
    ) {
      const found = Object.entries(input.found ?? {}).map(([fact, value]) => [`found.${fact}`, value]);
      return event('REQUEST_TAMPERED', 'failure', {
        ...aboutRequest(request),
        actor: member(input.actor),
        errorCode: 'REQUEST_TAMPERED',
        details: { facts: input.facts.join(','), problem: input.problem, ...Object.fromEntries(found) },
      });
    },
    tokenRejected(request: ResetRequest, input: CodeOfApprover & { attempt: number }) {
      return event('TOKEN_REJECTED', 'refused', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        errorCode: 'TOKEN_CODE_REJECTED',
        details: { attempt: input.attempt, submission: input.submission },
      });
    },
    stepUpFailed(request: ResetRequest, input: CodeOfApprover & { code: ErrorCode }) {
      return event('STEP_UP_FAILED', 'failure', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        errorCode: input.code,
        details: { submission: input.submission },
      });
    },
    /** `counted`: approvals from members who are approvers now, this one included. */
    approvalRecorded(
      request: ResetRequest,
      input: CodeOfApprover & { counted: number; attestation?: Attestation | undefined },
    ) {
      return event('APPROVAL_RECORDED', 'success', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        details: {
          approvals: request.approvals.length,
          counted: input.counted,
          submission: input.submission,
          ...attestationDetails(input.attestation),
        },
      });
    },
    /**
     * `mfaVerified` is always true now that STS checks every code; kept so that readers of the
     * trail find the field in every REQUEST_APPROVED (false only under the retired when-required).
     */
    requestApproved(
      request: ResetRequest,
      input: CodeOfApprover & { attestation?: Attestation | undefined },
    ) {
      return event('REQUEST_APPROVED', 'success', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        mfaSerial: input.mfaSerial,
        details: {
          mfaVerified: true,
          submission: input.submission,
          ...attestationDetails(input.attestation),
        },
      });
    },
    ...executionEvents({ event, member, bot, aboutRequest }),
    ...reviewEvents({ event, member, bot, aboutRequest }),
    ...lifecycleEvents({ event, member, bot, aboutRequest }),
    ...unfinishedEvents({ event, member, bot, aboutRequest }),
    ...enrolmentEvents({ event, member, bot, aboutRequest }),
    ...codeEvents({ event, member, bot, aboutRequest }),
  };
}

export type AuditEvents = ReturnType<typeof createAuditEvents>;
