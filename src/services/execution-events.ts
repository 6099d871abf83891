import type { AuditEventDraft } from '../domain/audit.js';
import type { DeviceOutcome } from '../domain/devices.js';
import { type RecordedRoleSession, roleSessionDetails } from '../domain/member-trail.js';
import type { ResetRequest } from '../domain/request.js';
import type { EventBuilder } from './review-events.js';

/** The events of a reset being carried out: its start, each device's change, its end, its repair. */
export function executionEvents({ event, member, bot, aboutRequest }: EventBuilder) {
  return {
    /**
     * `sessionKeyId`: the access key ID of the STS session the changes are made with (an identifier,
     * not a secret): the CloudTrail check matches CloudTrail's caller with it. `role`: in a member
     * account, the reset role's session that makes the changes there.
     */
    executionStarted(
      request: ResetRequest,
      input: {
        approverSlackId: string;
        sessionKeyId: string;
        role?: RecordedRoleSession | undefined;
      },
    ) {
      return event('EXECUTION_STARTED', 'info', {
        ...aboutRequest(request),
        actor: member(input.approverSlackId),
        devices: request.devices.map((d) => d.serial),
        details: {
          sessionKeyId: input.sessionKeyId,
          ...roleSessionDetails(input.role),
        },
      });
    },
    /** One event per device change; `approverSlackId` undefined: the bot found it in IAM (the reconciler). */
    deviceOutcomes(
      request: ResetRequest,
      approverSlackId: string | undefined,
      outcomes: readonly DeviceOutcome[],
    ) {
      return outcomes.flatMap((outcome) => {
        const common = {
          ...aboutRequest(request),
          actor: approverSlackId === undefined ? bot : member(approverSlackId),
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
  };
}
