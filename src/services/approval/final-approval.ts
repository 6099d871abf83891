import { type DeviceOutcome, outcomeSucceeded } from '../../domain/devices.js';
import { ResetError } from '../../domain/errors.js';
import { type Approval, type ResetRequest, startExecution, transition } from '../../domain/request.js';
import { reportOutcome, reportUnrecordedOutcome } from '../notify.js';
import type { StepDeps } from '../service-deps.js';
import { allOrFirstFailure } from '../together.js';
import { resetDevices } from './device-reset.js';
import { writeOutcome } from './outcome-write.js';
import type { ProposedApproval } from './propose.js';
import { verifiedOrRecorded } from './rejected-code.js';
import { confirmAsRecorded } from './request-record.js';
import { type ResetSession, resetSessionFor } from './reset-session.js';

/**
 * The approval that makes the reset happen, as a sequence of steps each with one way out:
 * confirm the request is as recorded, verify the code with STS, write EXECUTING with
 * REQUEST_APPROVED and EXECUTION_STARTED (before any IAM call: fail closed), reset the devices
 * with the MFA-backed session (in a member account, the reset role assumed with it), record the
 * outcome. The session credentials never leave this module.
 */
export async function executeFinalApproval(
  deps: StepDeps,
  approval: ProposedApproval,
): Promise<ResetRequest> {
  const { check } = approval;
  try {
    await confirmedAndReserved(deps, approval);
    const session = await verifiedOrRecorded(deps, approval);
    const reset = await resetSessionFor(deps, {
      request: approval.request,
      session,
      approver: {
        approverSlackId: approval.approverSlackId,
        mfaSerial: approval.serial,
        submission: check.submission,
      },
    });
    const executing = await startExecuting(deps, approval, reset);
    const outcomes = await resetDevices(deps, {
      userName: executing.target.iamUserName,
      devices: executing.devices,
      credentials: reset.credentials,
    });
    return await recordOutcome(deps, { ...approval, executing, outcomes });
  } finally {
    await check.finish();
  }
}

/**
 * The request's record is checked while the code's places are taken: independent reads and writes,
 * so one waits for the other's round trips, not after them. A tampered request wins over a refused
 * code (it is what the approvers must hear about); places taken for nothing are given back.
 */
async function confirmedAndReserved(deps: StepDeps, approval: ProposedApproval): Promise<void> {
  await allOrFirstFailure([
    confirmAsRecorded(deps, approval.request, approval.approverSlackId, approval.approvals),
    approval.check.reserve(),
  ]);
}

/** With the sessions' access key IDs, which CloudTrail will name as the caller of each change. */
async function startExecuting(deps: StepDeps, approval: ProposedApproval, reset: ResetSession) {
  const { request, approverSlackId, serial } = approval;
  const decided: Approval = {
    slackUserId: approverSlackId,
    at: deps.clock.now().toISOString(),
    mfaSerial: serial,
  };
  const executing = startExecution(request, decided, deps.clock.now());
  await deps.store.updateRequest(request, executing, [
    deps.events.requestApproved(executing, {
      approverSlackId,
      mfaSerial: serial,
      submission: approval.check.submission,
      attestation: approval.attestation,
    }),
    deps.events.executionStarted(executing, { approverSlackId, ...reset }),
  ]);
  deps.logger.info({ requestId: request.id, approver: approverSlackId }, 'reset approved, executing');
  return executing;
}

/** COMPLETED, or FAILED with the first device's error; then everyone is told, with the chain position. */
async function recordOutcome(
  deps: StepDeps,
  input: ProposedApproval & { executing: ResetRequest; outcomes: readonly DeviceOutcome[] },
): Promise<ResetRequest> {
  const { executing, outcomes, approverSlackId } = input;
  const failure = outcomes.find((o) => !outcomeSucceeded(o))?.errorCode;
  const finished = transition(executing, failure === undefined ? 'COMPLETED' : 'FAILED', deps.clock.now(), {
    outcomes,
    ...(failure !== undefined ? { failureCode: failure } : {}),
  });
  let written: Awaited<ReturnType<typeof deps.store.updateRequest>> | undefined;
  try {
    written = await writeOutcome(deps, {
      executing,
      finished,
      events: [
        ...deps.events.deviceOutcomes(executing, approverSlackId, outcomes),
        deps.events.requestFinished(finished, approverSlackId),
      ],
    });
  } catch (error) {
    // IAM has changed: the approvers must see what happened even though the trail could not record
    // it. The request stays EXECUTING; the reconciler records the outcome from IAM later and tells
    // the members then, so that they hear it once.
    deps.logger.error(
      { requestId: executing.id, outcomes, err: error },
      'reset done, but its outcome could not be recorded; the reconciler will close it',
    );
    await reportUnrecordedOutcome(deps, finished);
    throw new ResetError('OUTCOME_NOT_RECORDED', `Request ${executing.id} was executed but not recorded.`, {
      details: { requestId: executing.id, state: finished.state },
      cause: error,
    });
  }
  deps.logger.info({ requestId: executing.id, state: finished.state }, 'reset finished');
  await reportOutcome(deps, finished, written);
  return finished;
}
