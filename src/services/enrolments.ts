import type { MfaDevice } from '../domain/devices.js';
import {
  checksDue,
  dueMilestone,
  type EnrolmentNews,
  enrolmentDeadline,
  type FollowedEnrolment,
  newDevicesSince,
} from '../domain/enrolment.js';
import { toResetError } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import { type AlarmDeps, createAlarmRaiser } from './alarms.js';
import { createAuditEvents } from './audit-events.js';
import { enrolmentSource } from './enrolment-source.js';
import { anchorOf, directMessage, notifyOrRecord } from './notify.js';
import type { Enrolments, EnrolmentTrail, Iam, Notifier, Store } from './ports.js';

export interface EnrolmentDeps extends AlarmDeps {
  readonly store: Store;
  readonly notifier: Notifier;
  readonly iam: Pick<Iam, 'listMfaDevices'>;
  readonly enrolments: Enrolments;
  /** CloudTrail, when the check is configured: where an EnableMFADevice came from, in the target user's own account. */
  readonly accountTrail?: EnrolmentTrail;
}

/** IAM calls per sweep at most, per replica: a backlog of completed resets is worked off, not stormed. */
export const ENROLMENT_CHECKS_PER_SWEEP = 5;
/** A followed IAM user is looked at again after this long (sooner only when a milestone falls). */
export const ENROLMENT_RECHECK_MS = 5 * 60_000;
/** Followed requests read per sweep: recent completions only, so a handful. */
const FOLLOWED_READ = 100;

/**
 * One followed request as the sweep read it (`read`: its item, which the step's write is
 * conditioned on) and as its request says (`facts`).
 */
interface Step {
  readonly read: FollowedEnrolment;
  readonly facts: FollowedEnrolment;
  readonly request: ResetRequest;
}

export interface FollowUpResult {
  readonly checked: number;
  readonly enrolled: number;
  readonly reminded: number;
  readonly overdue: number;
}

/**
 * The follow-through after a completed reset (domain/enrolment.ts): each sweep lists the MFA
 * devices of a few followed IAM users; a new device is recorded (DEVICE_ENROLLED) and told in the
 * approval thread and to the member; none by half the time reminds the member once by DM, and
 * says so in the thread (ENROLMENT_REMINDED); none by the deadline alarms the approvals channel and
 * the auditors (ENROLMENT_OVERDUE). Each step is one write conditioned on the stage the sweep read, with its
 * event, and only the replica whose write lands says anything: once across replicas.
 */
export function createEnrolmentFollowUp(deps: EnrolmentDeps) {
  const events = createAuditEvents(deps);
  const alarms = createAlarmRaiser(deps);
  /** Request id → when this process last listed its user's devices (epoch ms). */
  const lastChecked = new Map<string, number>();

  async function followUp(): Promise<FollowUpResult> {
    const result = { checked: 0, enrolled: 0, reminded: 0, overdue: 0 };
    const hours = deps.rules.enrolWithinHours;
    if (hours <= 0) return result;
    const followed = await deps.enrolments.followed(FOLLOWED_READ);
    const open = new Set(followed.map((f) => f.requestId));
    for (const id of lastChecked.keys()) if (!open.has(id)) lastChecked.delete(id);
    const now = deps.clock.now();
    const picked = checksDue(followed, {
      now,
      enrolWithinHours: hours,
      lastChecked,
      max: ENROLMENT_CHECKS_PER_SWEEP,
      recheckAfterMs: ENROLMENT_RECHECK_MS,
    });
    for (const one of picked) {
      result.checked += 1;
      // One user's failure (IAM throttled, Slack down) does not hold back the others.
      const step = await followOne(one, now).catch((error: unknown) => {
        deps.logger.error(
          { requestId: one.requestId, code: toResetError(error).code, err: error },
          'enrolment follow-up failed; the next sweep tries again',
        );
        return undefined;
      });
      if (step !== undefined) result[step] += 1;
    }
    return result;
  }

  async function followOne(
    followed: FollowedEnrolment,
    now: Date,
  ): Promise<'enrolled' | 'reminded' | 'overdue' | undefined> {
    const request = await deps.store.getRequest(followed.requestId);
    if (request?.state !== 'COMPLETED') {
      // Nothing to follow (an item not put by a completion): dropped, so it is not read again.
      deps.logger.warn(
        { requestId: followed.requestId },
        'followed enrolment names no completed request: dropped',
      );
      await deps.enrolments.advance(followed, 'settled', []);
      return undefined;
    }
    // The request's own facts, not the item's: the item only says which request to look at.
    const facts: FollowedEnrolment = {
      ...followed,
      iamUserName: request.target.iamUserName,
      completedAt: request.updatedAt,
    };
    const devices = await devicesOf(facts.iamUserName);
    lastChecked.set(followed.requestId, now.getTime());
    const [device] = newDevicesSince(request, facts.completedAt, devices);
    const step = { read: followed, facts, request };
    if (device !== undefined) return (await enrolled(step, device)) ? 'enrolled' : undefined;
    const milestone = dueMilestone(facts, now, deps.rules.enrolWithinHours);
    if (milestone === 'reminder') return (await remind(step)) ? 'reminded' : undefined;
    if (milestone === 'deadline') return (await overdue(step)) ? 'overdue' : undefined;
    return undefined;
  }

  /** A user IAM no longer knows has no device: what the deadline will say, unless one appears. */
  async function devicesOf(userName: string): Promise<MfaDevice[]> {
    try {
      return await deps.iam.listMfaDevices(userName);
    } catch (error) {
      if (toResetError(error).code === 'IAM_USER_NOT_FOUND') return [];
      throw error;
    }
  }

  async function enrolled({ read, facts, request }: Step, device: MfaDevice) {
    const source = await enrolmentSource(deps, { followed: facts, serial: device.serial });
    const event = events.deviceEnrolled(request, { device, completedAt: facts.completedAt, ...source });
    if ((await deps.enrolments.advance(read, 'settled', [event])) === undefined) return false;
    deps.logger.info({ requestId: request.id, serial: device.serial }, 'new MFA device enrolled');
    const news: EnrolmentNews = {
      kind: 'enrolled',
      device,
      ...(source.sourceIp === undefined ? {} : { sourceIp: source.sourceIp }),
    };
    await Promise.all([postInThread(request, news), tellMember(request, news)]);
    return true;
  }

  async function remind({ read, facts, request }: Step) {
    const deadline = deadlineOf(facts);
    const event = events.enrolmentReminded(request, { completedAt: facts.completedAt, deadline });
    if ((await deps.enrolments.advance(read, 'reminded', [event])) === undefined) return false;
    deps.logger.info({ requestId: request.id }, 'member reminded to enrol a new MFA device');
    const news: EnrolmentNews = { kind: 'reminder', deadline };
    await Promise.all([postInThread(request, news), tellMember(request, news)]);
    return true;
  }

  async function overdue({ read, facts, request }: Step) {
    const deadline = deadlineOf(facts);
    const { completedAt } = facts;
    const event = events.enrolmentOverdue(request, { completedAt, deadline });
    const written = await deps.enrolments.advance(read, 'settled', [event]);
    if (written === undefined) return false;
    const anchor = anchorOf(written);
    await alarms.raise({
      key: `enrolment-overdue#${request.id}`,
      message: 'IAM user still without MFA after its reset',
      facts: { requestId: request.id, iamUserName: request.target.iamUserName, deadline },
      alarm: {
        kind: 'enrolment-overdue',
        request,
        completedAt,
        deadline,
        ...(anchor === undefined ? {} : { anchor }),
      },
      event,
      recorded: true,
    });
    return true;
  }

  function deadlineOf(followed: FollowedEnrolment): string {
    return enrolmentDeadline(followed.completedAt, deps.rules.enrolWithinHours).toISOString();
  }

  function postInThread(request: ResetRequest, news: EnrolmentNews): Promise<unknown> {
    if (request.approvalMessage === undefined) return Promise.resolve();
    return notifyOrRecord({ ...deps, events }, request, 'enrolment thread message', () =>
      deps.notifier.postEnrolmentNews(request, news),
    );
  }

  function tellMember(request: ResetRequest, news: EnrolmentNews): Promise<unknown> {
    return directMessage({ ...deps, events }, request, {
      member: request.target.slackUserId,
      what: news.kind === 'reminder' ? 'enrolment reminder DM' : 'enrolment DM',
      send: () => deps.notifier.notifyMemberOfEnrolment(request, news),
    });
  }

  return { followUp };
}

export type EnrolmentFollowUp = ReturnType<typeof createEnrolmentFollowUp>;
