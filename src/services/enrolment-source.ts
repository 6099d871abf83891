import { CLOCK_SKEW_MS } from '../domain/account-trail.js';
import type { FollowedEnrolment } from '../domain/enrolment.js';
import { toResetError } from '../domain/errors.js';
import type { Clock, EnrolmentTrail, Logger } from './ports.js';

/**
 * Where a new device was enabled from, when the account's CloudTrail check is configured: one
 * LookupEvents of the user's EnableMFADevice calls since the reset. CloudTrail delivers events
 * minutes late, so a device found soon after it was enabled may have no record yet: then nothing
 * is recorded, and the DEVICE_ENROLLED event says so by lacking `sourceIp`. A failed look-up is
 * logged and does not hold back the record of the device.
 */
export async function enrolmentSource(
  deps: { accountTrail?: EnrolmentTrail; clock: Clock; logger: Logger },
  input: { followed: FollowedEnrolment; serial: string },
): Promise<{ sourceIp?: string; cloudTrailEventId?: string }> {
  if (deps.accountTrail === undefined) return {};
  const { followed, serial } = input;
  try {
    const found = await deps.accountTrail.mfaEnablements({
      iamUserName: followed.iamUserName,
      from: new Date(Date.parse(followed.completedAt) - CLOCK_SKEW_MS),
      to: new Date(deps.clock.now().getTime() + CLOCK_SKEW_MS),
    });
    const latest = found
      .filter((enablement) => enablement.serial === serial)
      .sort((a, b) => b.at.localeCompare(a.at))[0];
    if (latest === undefined) return {};
    return {
      cloudTrailEventId: latest.eventId,
      ...(latest.sourceIp === undefined ? {} : { sourceIp: latest.sourceIp }),
    };
  } catch (error) {
    deps.logger.warn(
      { requestId: followed.requestId, code: toResetError(error).code, err: error },
      'could not look up the enrolment in CloudTrail; recorded without its source',
    );
    return {};
  }
}
