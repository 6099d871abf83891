import type { MfaDevice } from '../domain/devices.js';
import type { ResetRequest } from '../domain/request.js';
import type { EventBuilder } from './review-events.js';

/** The events of the follow-through after a reset: the member's new device, or its absence. */
export function enrolmentEvents({ event, bot, aboutRequest }: EventBuilder) {
  return {
    /**
     * IAM lists a device the member enrolled after the reset completed: its serial and kind, when
     * IAM says it was enabled, and (when the account's CloudTrail had the EnableMFADevice call) the
     * address it came from and the CloudTrail event.
     */
    deviceEnrolled(
      request: ResetRequest,
      input: { device: MfaDevice; completedAt: string; sourceIp?: string; cloudTrailEventId?: string },
    ) {
      const { device } = input;
      return event('DEVICE_ENROLLED', 'success', {
        ...aboutRequest(request),
        actor: bot,
        devices: [device.serial],
        deviceKinds: [device.kind],
        // The kind again among the details: exports' CSV shows details, not deviceKinds.
        details: {
          kind: device.kind,
          completedAt: input.completedAt,
          ...(device.enabledAt === undefined ? {} : { enabledAt: device.enabledAt }),
          ...(input.sourceIp === undefined ? {} : { sourceIp: input.sourceIp }),
          ...(input.cloudTrailEventId === undefined ? {} : { cloudTrailEventId: input.cloudTrailEventId }),
        },
      });
    },
    /** Half the time to enrol has passed without a new device: the member is reminded by DM, once. */
    enrolmentReminded(request: ResetRequest, input: { completedAt: string; deadline: string }) {
      return event('ENROLMENT_REMINDED', 'info', {
        ...aboutRequest(request),
        actor: bot,
        details: { completedAt: input.completedAt, deadline: input.deadline },
      });
    },
    /** The time to enrol is up and the IAM user still has no MFA device: the alarm goes out once. */
    enrolmentOverdue(request: ResetRequest, input: { completedAt: string; deadline: string }) {
      return event('ENROLMENT_OVERDUE', 'failure', {
        ...aboutRequest(request),
        actor: bot,
        errorCode: 'MFA_NOT_ENROLLED',
        details: { completedAt: input.completedAt, deadline: input.deadline },
      });
    },
  };
}
