import { isTokenRejection, ResetError, toResetError } from '../../domain/errors.js';
import { type ResetRequest, transition } from '../../domain/request.js';
import { reportOutcome } from '../notify.js';
import type { TemporaryCredentials } from '../ports.js';
import type { StepDeps } from '../service-deps.js';
import type { ProposedApproval } from './propose.js';

interface RejectedCode {
  /** The request as read when the approval began: PENDING (STS checks every code before any change). */
  readonly current: ResetRequest;
  readonly approverSlackId: string;
  readonly serial: string;
  readonly submission: string;
  /** Wrong codes the request has had, this one included (the counter's, or the chain's if more). */
  readonly wrongCodes: number;
}

/**
 * The one way every approval sends its code: STS checks it; a code AWS rejected is recorded
 * against the request (below) and thrown as what the approver must be told.
 */
export async function verifiedOrRecorded(
  deps: StepDeps,
  approval: ProposedApproval,
): Promise<TemporaryCredentials> {
  try {
    return await approval.check.verify();
  } catch (error) {
    if (!isTokenRejection(error)) throw error;
    return recordRejectedCode(deps, {
      current: approval.request,
      approverSlackId: approval.approverSlackId,
      serial: approval.serial,
      submission: approval.check.submission,
      wrongCodes: Number(error.details.wrongCodes),
    });
  }
}

/** How often the closing write is tried again when another write to the request got in first. */
const MAX_CLOSING_ROUNDS = 5;

/**
 * Records a code AWS rejected (TOKEN_REJECTED). The wrong code that uses up the request's last
 * attempt closes it as FAILED (TOKEN_ATTEMPTS_EXHAUSTED); otherwise the request stays open as it is.
 * Always throws what the approver must be told.
 */
async function recordRejectedCode(deps: StepDeps, rejection: RejectedCode): Promise<never> {
  const { current, approverSlackId, serial, submission, wrongCodes } = rejection;
  const max = deps.rules.maxTokenAttempts;
  const rejected = deps.events.tokenRejected(current, {
    approverSlackId,
    mfaSerial: serial,
    submission,
    attempt: wrongCodes,
  });
  if (wrongCodes >= max) {
    await closeExhausted(deps, rejection, rejected);
    throw new ResetError('TOKEN_ATTEMPTS_EXHAUSTED', `Request ${current.id} failed: too many wrong codes.`, {
      details: { requestId: current.id },
    });
  }
  await deps.store.appendAudit([rejected]);
  throw new ResetError('TOKEN_CODE_REJECTED', 'AWS rejected the MFA code.', {
    details: { requestId: current.id, attemptsLeft: max - wrongCodes },
  });
}

/**
 * Closes the request as FAILED. Another write may have moved its version meanwhile (a partial
 * approval, the approval message); while it is still open the close is tried again on a fresh read.
 * If a right code got it executing or closed first, the wrong code is only recorded.
 */
async function closeExhausted(
  deps: StepDeps,
  rejection: RejectedCode,
  rejected: ReturnType<StepDeps['events']['tokenRejected']>,
): Promise<void> {
  let stored: ResetRequest | undefined = rejection.current;
  for (let round = 1; round <= MAX_CLOSING_ROUNDS && stored?.state === 'PENDING'; round++) {
    const failed = transition(stored, 'FAILED', deps.clock.now(), {
      failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED',
    });
    try {
      const written = await deps.store.updateRequest(stored, failed, [
        rejected,
        deps.events.requestFinished(failed, rejection.approverSlackId),
      ]);
      await reportOutcome(deps, failed, written);
      return;
    } catch (error) {
      if (toResetError(error).code !== 'REQUEST_ALREADY_HANDLED') throw error;
      stored = await deps.store.getRequest(rejection.current.id);
    }
  }
  await deps.store.appendAudit([rejected]);
}
