import type { AppliedRule } from '../domain/approval-rules.js';
import { deviceRef, type MfaDevice } from '../domain/devices.js';
import { codesWhere, ResetError, toResetError } from '../domain/errors.js';
import { newRequest, type ResetRequest } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import { chosenIamUser, resolveIamUsers } from './identity.js';
import { announceRequest } from './request-announcement.js';
import { ruleForNewRequest } from './request-rule.js';
import { assertActiveMembers, assertMayRequestFor } from './requester-checks.js';
import { assertUnderDailyCap } from './reset-limits.js';
import { readRiskFacts } from './risk-facts.js';
import type { ServiceDeps } from './service-deps.js';
import { allOrFirstFailure } from './together.js';

/** Why a member cannot have a request: audited as REQUEST_REFUSED, told to them in one sentence. */
const refusalCodes = codesWhere((entry) => entry.refusesRequest === true);

export interface PreparedRequest {
  /** The member whose MFA would be reset: the requester, or whom a help-desk member named. */
  readonly targetSlackId: string;
  readonly iamUserName: string;
  readonly devices: readonly MfaDevice[];
  /** The approval rule the request would be made under, chosen from the IAM user's facts. */
  readonly rule: AppliedRule;
}

/** A member with IAM users in more than one account picks one before the form is filled in. */
export interface AccountChoice {
  readonly targetSlackId: string;
  /** The member's IAM users, one per account (`ACCOUNT_ID:name` in a member account). */
  readonly choices: readonly string[];
}

export interface SubmitInput {
  /** The requester. */
  readonly slackUserId: string;
  /** The member the request is for, when a help-desk member asks for someone else. */
  readonly targetSlackId?: string;
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
  function remember(key: string, prepared: PreparedRequest): void {
    const now = deps.clock.now().getTime();
    for (const [member, entry] of shown) {
      if (now - entry.at > PREPARED_REUSE_MS) shown.delete(member);
    }
    shown.set(key, { prepared, at: now });
  }

  /** What the member's open form showed, if recent; taken once, then forgotten. */
  function takeShown(key: string): PreparedRequest | undefined {
    const entry = shown.get(key);
    shown.delete(key);
    if (entry === undefined || deps.clock.now().getTime() - entry.at > PREPARED_REUSE_MS) return undefined;
    return entry.prepared;
  }

  async function refuse(
    who: { requester: string; target: string },
    error: unknown,
    iamUserName?: string,
  ): Promise<never> {
    const coded = toResetError(error);
    const name =
      iamUserName ?? (typeof coded.details.iamUserName === 'string' ? coded.details.iamUserName : undefined);
    await deps.store.appendAudit([
      events.requestRefused({
        slackUserId: who.requester,
        targetSlackId: who.target,
        code: coded.code,
        ...(name !== undefined ? { iamUserName: name } : {}),
      }),
    ]);
    throw coded;
  }

  /**
   * The IAM user and MFA devices of the member a request would be for: the requester, or (help desk
   * only) `forMember`. Refusals (not on the help desk, deactivated, unmapped, missing, protected,
   * no devices) are audited. Whether the IAM user already has an open request is not read here:
   * the lock written with the request decides that when the form is submitted, and a read here
   * would cost every form a DynamoDB call for the rare member who asks twice.
   */
  async function prepare(
    requesterSlackId: string,
    options: { forMember?: string; iamUserName?: string } = {},
  ): Promise<PreparedRequest | AccountChoice> {
    const who = { requester: requesterSlackId, target: options.forMember ?? requesterSlackId };
    let iamUserName: string | undefined;
    try {
      await assertMayRequestFor(deps, { requesterSlackId, targetSlackId: who.target });
      // Deactivation first: a member who left is not mapped by e-mail either, and must hear why.
      const [, users] = await allOrFirstFailure([
        assertActiveMembers(deps, [who.requester, who.target]),
        resolveIamUsers({ ...deps, ...deps.rules }, who.target),
      ]);
      const user = chosenIamUser(users, options.iamUserName);
      if (user === undefined) return { targetSlackId: who.target, choices: users.map((u) => u.userName) };
      iamUserName = user.userName;
      const rule = await ruleForNewRequest(deps, { user, onBehalf: who.target !== who.requester });
      const devices = await deps.iam.listMfaDevices(user.userName);
      if (devices.length === 0) {
        throw new ResetError('NO_MFA_DEVICES', `IAM user ${user.userName} has no MFA devices.`);
      }
      const prepared: PreparedRequest = {
        targetSlackId: who.target,
        iamUserName: user.userName,
        devices,
        rule,
      };
      remember(`${who.requester}>${who.target}`, prepared);
      return prepared;
    } catch (error) {
      if (refusalCodes.has(toResetError(error).code)) return refuse(who, error, iamUserName);
      throw error;
    }
  }

  /**
   * Records the request (PENDING) with its audit event in one write, then tells the approvers and
   * the requester. Everything is checked again here: the modal's contents are not trusted, and two
   * forms for one IAM user submitted at once make one request (the store's lock refuses the other).
   */
  /** What a member would reset of the IAM user named (picked in the form): it is theirs or refused, never a choice again. */
  async function prepareChosen(
    requesterSlackId: string,
    options: { iamUserName: string; forMember?: string },
  ): Promise<PreparedRequest> {
    const prepared = await prepare(requesterSlackId, options);
    if ('choices' in prepared) throw new ResetError('INTERNAL', 'A named IAM user was offered as a choice.');
    return prepared;
  }

  async function submit(input: SubmitInput): Promise<ResetRequest> {
    if (input.reason.trim().length < deps.rules.reasonMinLength) {
      throw new ResetError(
        'INPUT_INVALID',
        `The reason must be at least ${deps.rules.reasonMinLength} characters.`,
      );
    }
    if (input.serials.length === 0) {
      throw new ResetError('INPUT_INVALID', 'Select at least one device to reset.');
    }
    const who = { requester: input.slackUserId, target: input.targetSlackId ?? input.slackUserId };
    const prepared = await preparedFor(who, input.iamUserName);
    if (prepared.iamUserName !== input.iamUserName) {
      return refuse(
        who,
        new ResetError('INPUT_INVALID', 'The IAM user changed since the form was opened.'),
        prepared.iamUserName,
      );
    }
    const devices = prepared.devices.filter((device) => input.serials.includes(deviceRef(device.serial)));
    if (devices.length !== new Set(input.serials).size) {
      return refuse(
        who,
        new ResetError('DEVICE_NOT_ON_USER', 'A selected device is not attached to the IAM user.'),
        prepared.iamUserName,
      );
    }
    const request = newRequest({
      id: deps.ids.newId(),
      requesterSlackId: who.requester,
      target: { slackUserId: who.target, iamUserName: prepared.iamUserName },
      devices,
      reason: input.reason.trim(),
      now: deps.clock.now(),
      ttlMinutes: deps.rules.ttlMinutes,
      rule: prepared.rule,
      // For the approvers' judgement; bounded in time, and unknown where it could not be read.
      riskFacts: await readRiskFacts(deps, prepared.iamUserName),
    });
    try {
      await assertUnderDailyCap(deps, request.target.iamUserName);
      await deps.store.insertRequest(request, [events.requestCreated(request)]);
    } catch (error) {
      if (refusalCodes.has(toResetError(error).code)) return refuse(who, error, request.target.iamUserName);
      throw error;
    }
    deps.logger.info({ requestId: request.id, iamUserName: request.target.iamUserName }, 'request created');
    return announceRequest({ ...deps, events }, request);
  }

  /**
   * What the form showed, if this replica showed it lately, else everything checked again. A
   * help-desk member's standing is read from Slack again either way: it may have ended meanwhile.
   */
  async function preparedFor(
    who: { requester: string; target: string },
    iamUserName: string,
  ): Promise<PreparedRequest> {
    const shownBefore = takeShown(`${who.requester}>${who.target}`);
    if (shownBefore === undefined || shownBefore.iamUserName !== iamUserName) {
      return prepareChosen(who.requester, { forMember: who.target, iamUserName });
    }
    try {
      await assertMayRequestFor(deps, { requesterSlackId: who.requester, targetSlackId: who.target });
    } catch (error) {
      return refuse(who, error, shownBefore.iamUserName);
    }
    return shownBefore;
  }

  return { prepare, prepareChosen, submit };
}

export type RequestService = ReturnType<typeof createRequestService>;
