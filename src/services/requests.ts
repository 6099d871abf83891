import { deviceRef, type MfaDevice } from '../domain/devices.js';
import { codesWhere, ResetError, toResetError } from '../domain/errors.js';
import { amend, createRequest, type ResetRequest, transition } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import type { ServiceDeps } from './deps.js';
import { resolveIamUser } from './identity.js';
import { notifyOrRecord } from './notify.js';
import { assertNoOpenRequest, assertUnderDailyCap } from './reset-limits.js';

/** Why a member cannot have a request: audited as REQUEST_REFUSED, told to them in one sentence. */
const refusalCodes = codesWhere((entry) => entry.refusesRequest === true);

export interface PreparedRequest {
  readonly iamUserName: string;
  readonly devices: readonly MfaDevice[];
}

export interface SubmitInput {
  readonly slackUserId: string;
  /** The IAM user the modal was shown for; checked again against the mapping. */
  readonly iamUserName: string;
  /** The selected devices as `deviceRef` gives them: the serial, unless it is longer than 150. */
  readonly serials: readonly string[];
  readonly reason: string;
}

/**
 * How long what the request form showed is reused when it is submitted. Within that time the
 * form's devices stand as listed (one ListMFADevices per reset); a device removed meanwhile is
 * found already gone at execution, which counts as done.
 */
const PREPARED_REUSE_MS = 15 * 60_000;

/** Use cases of the requester: see what would be reset, and ask for it. */
export function createRequestService(deps: ServiceDeps) {
  const events = createAuditEvents(deps);
  const shown = new Map<string, { prepared: PreparedRequest; at: number }>();

  /** Keeps what a form showed, and forgets forms nobody submitted in time. */
  function remember(slackUserId: string, prepared: PreparedRequest): void {
    const now = deps.clock.now().getTime();
    for (const [member, entry] of shown) {
      if (now - entry.at > PREPARED_REUSE_MS) shown.delete(member);
    }
    shown.set(slackUserId, { prepared, at: now });
  }

  /** What the member's open form showed, if recent; taken once, then forgotten. */
  function takeShown(slackUserId: string): PreparedRequest | undefined {
    const entry = shown.get(slackUserId);
    shown.delete(slackUserId);
    if (entry === undefined || deps.clock.now().getTime() - entry.at > PREPARED_REUSE_MS) return undefined;
    return entry.prepared;
  }

  async function refuse(slackUserId: string, error: unknown, iamUserName?: string): Promise<never> {
    const coded = toResetError(error);
    const name =
      iamUserName ?? (typeof coded.details.iamUserName === 'string' ? coded.details.iamUserName : undefined);
    await deps.store.appendAudit([
      events.requestRefused({
        slackUserId,
        code: coded.code,
        ...(name !== undefined ? { iamUserName: name } : {}),
      }),
    ]);
    throw coded;
  }

  /**
   * The member's IAM user and MFA devices. Refusals (unmapped, missing, protected, already open,
   * no devices) are audited.
   */
  async function prepare(slackUserId: string): Promise<PreparedRequest> {
    let iamUserName: string | undefined;
    try {
      const user = await resolveIamUser({ ...deps, ...deps.policy }, slackUserId);
      iamUserName = user.userName;
      await assertNoOpenRequest(deps, user.userName);
      const devices = await deps.iam.listMfaDevices(user.userName);
      if (devices.length === 0) {
        throw new ResetError('NO_MFA_DEVICES', `IAM user ${user.userName} has no MFA devices.`);
      }
      const prepared = { iamUserName: user.userName, devices };
      remember(slackUserId, prepared);
      return prepared;
    } catch (error) {
      if (refusalCodes.has(toResetError(error).code)) return refuse(slackUserId, error, iamUserName);
      throw error;
    }
  }

  /**
   * Records the request (PENDING) with its audit event in one write, then tells the approvers and
   * the requester. Everything is checked again here: the modal's contents are not trusted, and two
   * forms for one IAM user submitted at once make one request (the store's lock refuses the other).
   */
  async function submit(input: SubmitInput): Promise<ResetRequest> {
    if (input.reason.trim().length < deps.policy.reasonMinLength) {
      throw new ResetError(
        'INPUT_INVALID',
        `The reason must be at least ${deps.policy.reasonMinLength} characters.`,
      );
    }
    if (input.serials.length === 0) {
      throw new ResetError('INPUT_INVALID', 'Select at least one device to reset.');
    }
    const prepared = takeShown(input.slackUserId) ?? (await prepare(input.slackUserId));
    if (prepared.iamUserName !== input.iamUserName) {
      return refuse(
        input.slackUserId,
        new ResetError('INPUT_INVALID', 'The IAM user changed since the form was opened.'),
        prepared.iamUserName,
      );
    }
    const devices = prepared.devices.filter((device) => input.serials.includes(deviceRef(device.serial)));
    if (devices.length !== new Set(input.serials).size) {
      return refuse(
        input.slackUserId,
        new ResetError('DEVICE_NOT_ON_USER', 'A selected device is not attached to the IAM user.'),
        prepared.iamUserName,
      );
    }
    const request = createRequest({
      id: deps.ids.newId(),
      requesterSlackId: input.slackUserId,
      target: { slackUserId: input.slackUserId, iamUserName: prepared.iamUserName },
      devices,
      reason: input.reason.trim(),
      now: deps.clock.now(),
      ttlMinutes: deps.policy.ttlMinutes,
    });
    try {
      await assertUnderDailyCap(deps, request.target.iamUserName);
      await deps.store.createRequest(request, [events.requestCreated(request)]);
    } catch (error) {
      if (refusalCodes.has(toResetError(error).code)) {
        return refuse(input.slackUserId, error, request.target.iamUserName);
      }
      throw error;
    }
    deps.logger.info({ requestId: request.id, iamUserName: request.target.iamUserName }, 'request created');
    return announce(request);
  }

  /** Posts the request to the approvers; without that message nobody could act on it, so it fails. */
  async function announce(request: ResetRequest): Promise<ResetRequest> {
    let message: { channel: string; ts: string };
    try {
      message = await deps.notifier.postApprovalRequest(request);
    } catch (error) {
      const coded = toResetError(error);
      const failed = transition(request, 'FAILED', deps.clock.now(), { failureCode: coded.code });
      // Nobody can act on a request nobody was shown: it ends here, freeing its IAM user.
      await deps.store.updateRequest(request, failed, [
        events.notificationFailed(request, { what: 'approval request', code: coded.code }),
        events.requestFinished(failed, 'bot'),
      ]);
      throw coded;
    }
    const announced = amend(request, deps.clock.now(), { approvalMessage: message });
    await deps.store.updateRequest(request, announced, [events.approversNotified(request, message)]);
    deps.requestChanged?.(announced);
    await notifyOrRecord({ ...deps, events }, announced, 'requester DM', () =>
      deps.notifier.notifyRequester(announced),
    );
    return announced;
  }

  return { prepare, submit };
}

export type RequestService = ReturnType<typeof createRequestService>;
