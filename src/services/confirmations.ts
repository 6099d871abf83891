import type { Confirmers } from '../domain/approval-rules.js';
import { ResetError, toResetError } from '../domain/errors.js';
import { sameIamUserName } from '../domain/mapping.js';
import { amend, type ResetRequest, transition } from '../domain/request.js';
import { approverIamUsers } from './approver-identity.js';
import { approverRoster } from './approvers.js';
import { createAuditEvents } from './audit-events.js';
import { createDecisionChecks } from './decisions.js';
import { directMessage, reportOutcome } from './notify.js';
import { settingsOf } from './request-rule.js';
import type { ServiceDeps, StepDeps } from './service-deps.js';

/**
 * `verification: confirm`: before anyone may approve, a confirmer (the member an IAM tag of the
 * user names, e.g. their manager, or a listed member) confirms that the person asked. A confirmer
 * is never the requester nor the member the request is for, and is read fresh from IAM and Slack.
 * A confirmation is a decision like an approval: written on the version read (one winner), audited
 * (REQUEST_CONFIRMED, recorded so that approvals count it from the chain, never from the item),
 * and a rejection closes the request (DENIED). Refusals are audited as CONFIRMATION_REFUSED.
 */
export function createConfirmationService(serviceDeps: ServiceDeps) {
  const deps: StepDeps = { ...serviceDeps, events: createAuditEvents(serviceDeps) };
  const decisions = createDecisionChecks(deps);

  /** Whether the member may confirm, read fresh: named by the tag, listed, or in a listed group. */
  async function isConfirmer(request: ResetRequest, confirmers: Confirmers, slackUserId: string) {
    if ((await taggedConfirmer(deps, request, confirmers)) === slackUserId) return true;
    return approverRoster(deps, 'decision', confirmers).isApprover(slackUserId);
  }

  async function refuse(request: ResetRequest, slackUserId: string, error: ResetError): Promise<never> {
    await deps.store.appendAudit([deps.events.confirmationRefused(request, slackUserId, error.code)]);
    throw error;
  }

  /** The request, open, needing a confirmation not yet given, and the member allowed to give it. */
  async function openConfirmation(requestId: string, slackUserId: string): Promise<ResetRequest> {
    const request = await decisions.load(requestId);
    await decisions.assertStillOpen(request);
    const confirmers = confirmersOf(deps, request);
    const details = { requestId: request.id };
    if (confirmers === undefined) {
      return refuse(
        request,
        slackUserId,
        new ResetError('NOT_A_CONFIRMER', 'This request needs no confirmation.', { details }),
      );
    }
    if (request.confirmation !== undefined) {
      return refuse(
        request,
        slackUserId,
        new ResetError('CONFIRMATION_ALREADY_GIVEN', `Request ${request.id} is confirmed.`, { details }),
      );
    }
    if (slackUserId === request.requesterSlackId || slackUserId === request.target.slackUserId) {
      return refuse(
        request,
        slackUserId,
        new ResetError('CONFIRMER_IS_PARTY', `${slackUserId} made this request or it is for them.`, {
          details,
        }),
      );
    }
    const [confirmer, deactivated, mapped] = await Promise.all([
      isConfirmer(request, confirmers, slackUserId),
      deps.directory.isDeactivated(slackUserId, 'decision'),
      approverIamUsers(deps, request, slackUserId),
    ]);
    // A second Slack account of the member (or of the help-desk requester) is still them.
    const own = [request.target.iamUserName, ...mapped.requester];
    if (mapped.approver.some((name) => own.some((party) => sameIamUserName(name, party)))) {
      return refuse(
        request,
        slackUserId,
        new ResetError('CONFIRMER_IS_PARTY', `${slackUserId} maps to an IAM user of this request.`, {
          details,
        }),
      );
    }
    if (!confirmer || deactivated) {
      return refuse(
        request,
        slackUserId,
        new ResetError(
          deactivated ? 'APPROVER_DEACTIVATED' : 'NOT_A_CONFIRMER',
          `${slackUserId} may not confirm request ${request.id}.`,
          { details },
        ),
      );
    }
    return request;
  }

  /** Confirms that the person asked: approvals open (after the rule's wait, if any). */
  async function confirm(input: { requestId: string; slackUserId: string }): Promise<ResetRequest> {
    const request = await openConfirmation(input.requestId, input.slackUserId);
    const at = deps.clock.now().toISOString();
    const confirmed = amend(request, deps.clock.now(), { confirmation: { by: input.slackUserId, at } });
    await deps.store.updateRequest(request, confirmed, [
      deps.events.requestConfirmed(request, input.slackUserId),
    ]);
    deps.logger.info({ requestId: request.id, by: input.slackUserId }, 'request confirmed');
    await reportOutcome(deps, confirmed);
    return confirmed;
  }

  /** Rejects: the person did not ask for it, or could not be verified. The request is denied. */
  async function reject(input: { requestId: string; slackUserId: string }): Promise<ResetRequest> {
    const request = await openConfirmation(input.requestId, input.slackUserId);
    const reason = `Not confirmed by ${input.slackUserId}, who was asked to confirm that the person asked for it.`;
    const denied = transition(request, 'DENIED', deps.clock.now(), {
      decision: { by: input.slackUserId, at: deps.clock.now().toISOString(), reason },
    });
    const written = await deps.store.updateRequest(request, denied, [
      deps.events.requestDenied(request, input.slackUserId, reason),
    ]);
    deps.logger.info({ requestId: request.id, by: input.slackUserId }, 'confirmation rejected');
    await reportOutcome(deps, denied, written);
    return denied;
  }

  return { confirm, reject, openConfirmation };
}

export type ConfirmationService = ReturnType<typeof createConfirmationService>;

function confirmersOf(deps: Pick<ServiceDeps, 'rules'>, request: ResetRequest): Confirmers | undefined {
  const settings = settingsOf(request, deps.rules);
  return settings.verification === 'confirm' ? settings.confirmers : undefined;
}

/** The member the IAM user's confirmer tag names now (read from IAM), if the rule has a tag. */
async function taggedConfirmer(
  deps: Pick<ServiceDeps, 'iam'>,
  request: ResetRequest,
  confirmers: Confirmers,
): Promise<string | undefined> {
  const key = confirmers.tag;
  if (key === undefined) return undefined;
  const user = await deps.iam.getUser(request.target.iamUserName);
  const found = Object.entries(user?.tags ?? {}).find(([name]) => name.toLowerCase() === key.toLowerCase());
  return found?.[1];
}

/**
 * Asks the confirmers by direct message, with Confirm and Reject: the member the tag names if
 * it names one, else the listed members and the members of the listed groups.
 */
export async function askConfirmers(deps: StepDeps, request: ResetRequest): Promise<void> {
  const confirmers = confirmersOf(deps, request);
  if (confirmers === undefined) return;
  let asked: readonly string[];
  try {
    const tagged = await taggedConfirmer(deps, request, confirmers);
    asked = tagged !== undefined ? [tagged] : await listedConfirmers(deps, confirmers);
  } catch (error) {
    deps.logger.error({ requestId: request.id, err: error }, 'could not read who confirms');
    asked = confirmers.users;
  }
  const parties = new Set([request.requesterSlackId, request.target.slackUserId]);
  await Promise.all(
    asked
      .filter((member) => !parties.has(member))
      .map((member) =>
        directMessage(deps, request, {
          member,
          what: 'confirmation request',
          send: () => deps.notifier.askConfirmation(member, request),
        }).catch((error: unknown) =>
          deps.logger.error(
            { requestId: request.id, code: toResetError(error).code },
            'confirmation DM failed',
          ),
        ),
      ),
  );
}

/** The listed confirmers and the members of the listed groups (the directory's short cache may answer). */
async function listedConfirmers(
  deps: Pick<ServiceDeps, 'directory'>,
  confirmers: Confirmers,
): Promise<string[]> {
  const groups = await Promise.all(
    confirmers.userGroups.map((group) => deps.directory.userGroupMembers(group, 'display')),
  );
  return [...new Set([...confirmers.users, ...groups.flat()])];
}
