import { assertMayCancel } from '../domain/authorisation.js';
import { ResetError, toResetError } from '../domain/errors.js';
import { cancelRequest, type ResetRequest } from '../domain/request.js';
import { createAuditEvents } from './audit-events.js';
import { createDecisionChecks } from './decisions.js';
import { requestsOfMember } from './member-requests.js';
import { reportOutcome } from './notify.js';
import type { ServiceDeps, StepDeps } from './service-deps.js';

/** Tries at a cancel while approvals recorded meanwhile move the pending request's version on. */
const MAX_CANCEL_TRIES = 3;

/** How many of a member's latest requests `/mfa-reset cancel` looks through for pending ones. */
const OWN_REQUESTS_LOOKED_AT = 20;

export type CancelOwnResult =
  | { readonly kind: 'cancelled'; readonly request: ResetRequest }
  /** More than one pending request (a help-desk member's): the member picks one. */
  | { readonly kind: 'choose'; readonly requests: readonly ResetRequest[] };

/**
 * Cancelling a pending request, by its requester or by the member it is for. The request moves to
 * CANCELLED with a write conditioned on the state and version read, like every decision: a race
 * with an approval has one winner, and whoever loses is told the request was already handled.
 * Refusals are audited (CANCEL_REFUSED) with their code.
 */
export function createCancelService(serviceDeps: ServiceDeps) {
  const deps: StepDeps = { ...serviceDeps, events: createAuditEvents(serviceDeps) };
  const decisions = createDecisionChecks(deps);

  async function refuse(slackUserId: string, error: unknown, request?: ResetRequest): Promise<never> {
    const coded = toResetError(error);
    await deps.store.appendAudit([
      deps.events.cancelRefused({
        slackUserId,
        code: coded.code,
        ...(request === undefined ? {} : { request }),
      }),
    ]);
    throw coded;
  }

  /** One try: PENDING → CANCELLED if the request is still as read; REQUEST_ALREADY_HANDLED if not. */
  async function cancelAsRead(request: ResetRequest, slackUserId: string): Promise<ResetRequest> {
    await decisions.assertStillOpen(request);
    const cancelled = cancelRequest(request, slackUserId, deps.clock.now());
    const written = await deps.store.updateRequest(request, cancelled, [
      deps.events.requestCancelled(request, slackUserId, {
        duringWait: request.opensAt !== undefined && deps.clock.now().getTime() < Date.parse(request.opensAt),
      }),
    ]);
    deps.logger.info({ requestId: request.id, by: slackUserId }, 'request cancelled');
    await reportOutcome(deps, cancelled, written);
    return cancelled;
  }

  /** Cancels the request `requestId` for `slackUserId` (its requester or the member it is for). */
  async function cancel(input: { requestId: string; slackUserId: string }): Promise<ResetRequest> {
    const { slackUserId } = input;
    let request = await decisions.load(input.requestId);
    try {
      assertMayCancel(request, slackUserId);
    } catch (error) {
      return refuse(slackUserId, error, request);
    }
    for (let tries = 1; ; tries += 1) {
      try {
        return await cancelAsRead(request, slackUserId);
      } catch (error) {
        const code = toResetError(error).code;
        // Someone wrote the request since it was read: read it again while it may still be pending.
        if (code === 'REQUEST_ALREADY_HANDLED' && request.state === 'PENDING' && tries < MAX_CANCEL_TRIES) {
          request = await decisions.load(input.requestId);
          continue;
        }
        if (code === 'REQUEST_ALREADY_HANDLED' || code === 'REQUEST_EXPIRED')
          return refuse(slackUserId, error, request);
        throw error;
      }
    }
  }

  /**
   * `/mfa-reset cancel`: the member's one pending request (made by them or for them) is cancelled;
   * with several, they choose; with none, NO_OPEN_REQUEST.
   */
  async function cancelOwn(slackUserId: string): Promise<CancelOwnResult> {
    const pending = (await requestsOfMember(deps, slackUserId, OWN_REQUESTS_LOOKED_AT)).filter(
      (request) => request.state === 'PENDING',
    );
    if (pending.length === 0) {
      return refuse(slackUserId, new ResetError('NO_OPEN_REQUEST', `${slackUserId} has no pending request.`));
    }
    if (pending.length > 1) return { kind: 'choose', requests: pending };
    return { kind: 'cancelled', request: await cancel({ requestId: pending[0]!.id, slackUserId }) };
  }

  return { cancel, cancelOwn };
}

export type CancelService = ReturnType<typeof createCancelService>;
