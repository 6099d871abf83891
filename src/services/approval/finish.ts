import { normaliseTokenCode } from '../../domain/authorisation.js';
import type { MfaDevice } from '../../domain/devices.js';
import { ResetError, toResetError } from '../../domain/errors.js';
import { amend, type ResetRequest, transition } from '../../domain/request.js';
import {
  type DeletionResult,
  deletionOutcomes,
  devicesLeftOver,
  outcomesAfterFinish,
  stateAfterFinish,
} from '../../domain/unfinished.js';
import { approverMfaSerial } from '../approvers.js';
import type { DecisionChecks } from '../decisions.js';
import { reportOutcome } from '../notify.js';
import type { TemporaryCredentials } from '../ports.js';
import { allOrFirstFailure } from '../together.js';
import { createCodeCheck } from './code-check.js';
import type { ApprovalStepDeps } from './deps.js';
import { writeOutcome } from './outcome-write.js';
import type { ProposedApproval } from './propose.js';
import { verifiedOrRecorded } from './rejected-code.js';
import { confirmAsRecorded } from './request-record.js';
import { type ResetSession, resetSessionFor } from './reset-session.js';

export interface FinishInput {
  readonly requestId: string;
  readonly approverSlackId: string;
  readonly tokenCode: string;
}

/**
 * "Finish the reset": an approver deletes the virtual devices a crash left deactivated but not
 * deleted (an UNFINISHED request, see domain/unfinished.ts). The same checks as an approval: an
 * approver now, not the requester or target, the request as recorded, the code's attempts and the
 * device's lockout, STS checks the code. FINISH_STARTED is written before any IAM call, on the
 * version the finish read: of two finishes at once, one writes it and the other is told the
 * request was already handled. A deletion that fails leaves the request UNFINISHED, to finish again.
 */
export function createFinish(deps: ApprovalStepDeps, decisions: DecisionChecks) {
  /** Loads a request to finish and checks the member may finish it (when the button is clicked, and again on submit). */
  async function openFinish(requestId: string, approverSlackId: string): Promise<ResetRequest> {
    const request = await decisions.load(requestId);
    if (request.state !== 'UNFINISHED') {
      throw new ResetError('REQUEST_ALREADY_HANDLED', `Request ${request.id} is ${request.state}.`, {
        details: { requestId: request.id, state: request.state },
      });
    }
    await decisions.assertMayAct(request, approverSlackId);
    return request;
  }

  async function finish(input: FinishInput): Promise<ResetRequest> {
    const code = normaliseTokenCode(input.tokenCode);
    if (code === undefined) throw new ResetError('TOKEN_CODE_FORMAT', 'The code must be 6 digits.');
    const { approverSlackId } = input;
    const request = await openFinish(input.requestId, approverSlackId);
    const serial = await decisions.auditedRefusal(request, approverSlackId, () =>
      approverMfaSerial(deps.rules, approverSlackId),
    );
    await decisions.refuseIfProtectedNow(request, approverSlackId);
    const check = createCodeCheck(deps, { request, approverSlackId, serial, code });
    // A finish counts no approval: the ones the request lists were counted when it executed.
    const proposal: ProposedApproval = {
      request,
      approverSlackId,
      serial,
      check,
      approvals: request.approvals,
      counted: 1,
      minApprovals: 1,
    };
    try {
      await confirmedAndReserved(proposal);
      const session = await verifiedOrRecorded(deps, proposal);
      const reset = await resetSessionFor(deps, {
        request,
        session,
        approver: { approverSlackId, mfaSerial: serial, submission: check.submission },
      });
      const left = devicesLeftOver(request);
      const started = await startFinishing(proposal, left, reset);
      const results = await deleteLeftOver(left, reset.credentials);
      return await recordFinish(started, approverSlackId, results);
    } finally {
      await check.finish();
    }
  }

  /** As the final approval: a tampered request wins over a refused code. */
  async function confirmedAndReserved(proposal: ProposedApproval): Promise<void> {
    await allOrFirstFailure([
      // Its fixed facts (IAM user, devices) against the chain; its approvals no longer decide anything.
      confirmAsRecorded(deps, proposal.request, proposal.approverSlackId, proposal.approvals),
      proposal.check.reserve(),
    ]);
  }

  /** The one finish that writes FINISH_STARTED on the version it read goes on; any other stops here. */
  async function startFinishing(
    proposal: ProposedApproval,
    left: readonly MfaDevice[],
    reset: ResetSession,
  ): Promise<ResetRequest> {
    const { request, approverSlackId, serial } = proposal;
    const started = amend(request, deps.clock.now(), {});
    try {
      await deps.store.updateRequest(request, started, [
        deps.events.finishStarted(started, {
          approverSlackId,
          mfaSerial: serial,
          devices: left.map((device) => device.serial),
          sessionKeyId: reset.sessionKeyId,
          role: reset.role,
          submission: proposal.check.submission,
        }),
      ]);
    } catch (error) {
      deps.iam.releaseCredentials(reset.credentials);
      throw error;
    }
    deps.logger.info({ requestId: request.id, approver: approverSlackId }, 'finishing an unfinished reset');
    return started;
  }

  /** DeleteVirtualMFADevice for each, with the MFA session; a device already gone counts as deleted. */
  async function deleteLeftOver(
    left: readonly MfaDevice[],
    credentials: TemporaryCredentials,
  ): Promise<DeletionResult[]> {
    const results: DeletionResult[] = [];
    try {
      for (const { serial } of left) {
        try {
          await deps.iam.deleteVirtualMfaDevice({ serial, credentials });
          results.push({ serial });
        } catch (error) {
          const errorCode = toResetError(error).code;
          if (errorCode === 'AWS_DEVICE_NOT_FOUND') results.push({ serial });
          else {
            deps.logger.warn({ serial, code: errorCode }, 'left-over device not deleted');
            results.push({ serial, errorCode });
          }
        }
      }
    } finally {
      deps.iam.releaseCredentials(credentials);
    }
    return results;
  }

  /** COMPLETED only when every device ended as intended; else UNFINISHED (to try again) or FAILED. */
  async function recordFinish(
    started: ResetRequest,
    approverSlackId: string,
    results: readonly DeletionResult[],
  ): Promise<ResetRequest> {
    const outcomes = outcomesAfterFinish(started, results);
    const after = stateAfterFinish(outcomes);
    const { failureCode: _left, ...withoutFailure } = started;
    const now = deps.clock.now();
    const finished =
      after.state === 'UNFINISHED'
        ? amend(started, now, { outcomes })
        : transition(withoutFailure, after.state, now, {
            outcomes,
            ...(after.state === 'FAILED' ? { failureCode: after.failureCode } : {}),
          });
    const done = deletionOutcomes(devicesLeftOver(started), results);
    const written = await writeOutcome(deps, {
      executing: started,
      finished,
      events: [
        ...deps.events.deviceOutcomes(started, approverSlackId, done),
        ...(finished.state === 'UNFINISHED' ? [] : [deps.events.requestFinished(finished, approverSlackId)]),
      ],
    });
    const failed = results.find((result) => result.errorCode !== undefined)?.errorCode;
    if (finished.state === 'UNFINISHED' && failed !== undefined) {
      // Nothing new for the members: the message still offers the finish, the approver hears why.
      throw new ResetError(failed, `Request ${started.id}: a left-over device was not deleted (${failed}).`, {
        details: { requestId: started.id },
      });
    }
    deps.logger.info({ requestId: started.id, state: finished.state }, 'unfinished reset finished');
    await reportOutcome(deps, finished, written);
    return finished;
  }

  return { openFinish, finish };
}
