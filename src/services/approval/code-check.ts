import { chainVerdict, wrongCodesOf } from '../../domain/code-submissions.js';
import { isTokenRejection, ResetError, toResetError } from '../../domain/errors.js';
import { reserveCode, settleCode } from '../../domain/lockout.js';
import type { ResetRequest } from '../../domain/request.js';
import { anchorOf, raiseAlarm } from '../notify.js';
import type { TemporaryCredentials } from '../ports.js';
import type { ApprovalStepDeps } from './deps.js';
import { DEVICE_WAIT_MS } from './device-waits.js';

/** The shortest session STS grants: the credentials only need to live for one approval. */
const SESSION_SECONDS = 900;

export interface CodeCheckInput {
  /** The request as read when the approval began. */
  readonly request: ResetRequest;
  readonly approverSlackId: string;
  readonly serial: string;
  readonly code: string;
}

/**
 * One approver code on its one trip to STS. Before it goes, it takes one of the request's attempts
 * and a place under the device's lockout (refused: TOKEN_ATTEMPTS_EXHAUSTED or
 * APPROVER_DEVICE_LOCKED, audited, STS never called); AWS's answer settles both: an accepted or
 * unjudged code gives its places back, a wrong one keeps them (TOKEN_CODE_REJECTED with
 * `details.wrongCodes`, for the caller to record against the request as it then stands).
 */
export interface CodeCheck {
  /** This code's submission id, which its TOKEN_SUBMITTED event and what settles it share. */
  readonly submission: string;
  reserve(): Promise<void>;
  /** Calls STS at most once; a second call would reuse a single-use code, so the answer is kept. */
  verify(): Promise<TemporaryCredentials>;
  /**
   * Ends the check: gives the places back if the code was never sent (the approval stopped before
   * STS, e.g. on a tampered request), and waits for an accepted code's places to be given back.
   * The caller goes on with the reset while that happens, and calls this before it returns. It
   * never throws: by then the approval has its outcome, which a failure here must not replace; a
   * failure is logged (the place then lapses: the device's within a minute, the request's with the
   * request).
   */
  finish(): Promise<void>;
}

export function createCodeCheck(deps: ApprovalStepDeps, input: CodeCheckInput): CodeCheck {
  const { request, approverSlackId, serial } = input;
  const rules = deps.rules.approvers.lockout;
  const reservationId = deps.ids.newId();
  let reserved = false;
  const ofThisCode = { approverSlackId, mfaSerial: serial, submission: reservationId };
  let pending: Promise<TemporaryCredentials> | undefined;
  /** Giving an accepted code's places back, started as soon as STS has answered. */
  let settling: Promise<void> | undefined;

  async function refuse(
    code: 'APPROVER_DEVICE_LOCKED' | 'APPROVER_DEVICE_BUSY' | 'TOKEN_ATTEMPTS_EXHAUSTED',
    retryAt?: string,
  ): Promise<never> {
    const details: Record<string, string> = retryAt === undefined ? {} : { retryAt };
    await deps.store.appendAudit([deps.events.approvalRefused(request, approverSlackId, code, details)]);
    throw new ResetError(code, `The code for request ${request.id} was not sent to STS (${code}).`, {
      details: { requestId: request.id, ...details },
    });
  }

  async function reserve(): Promise<void> {
    // The request's count first: an atomic increment, so parallel codes on one request are cut to
    // its few attempts before any of them contends for the device's record.
    if (!(await deps.attempts.reserve(request.id, deps.rules.maxTokenAttempts))) {
      await refuse('TOKEN_ATTEMPTS_EXHAUSTED');
    }
    const verdict = await placeOnDevice();
    if (verdict.kind !== 'reserved') {
      await deps.attempts.release(request.id);
      if (verdict.kind === 'locked') await refuse('APPROVER_DEVICE_LOCKED', verdict.retryAt);
      await refuse('APPROVER_DEVICE_BUSY');
    }
    reserved = true;
  }

  /** A place under the device's lockout; while every place is taken by codes in flight, it waits. */
  async function placeOnDevice() {
    const startedAt = performance.now();
    for (;;) {
      const now = deps.clock.now();
      const verdict = await deps.lockouts.update(serial, (record) => {
        const reservation = reserveCode(record, { id: reservationId, now, rules });
        return { record: reservation.record, result: reservation.verdict };
      });
      const left = DEVICE_WAIT_MS - (performance.now() - startedAt);
      if (verdict.kind !== 'full' || left <= 0) return verdict;
      await deps.deviceWaits.wait(serial, left);
    }
  }

  async function settleDevice(wrong: boolean): Promise<void> {
    const now = deps.clock.now();
    const lockStarted = await deps.lockouts.update(serial, (record) => {
      const settled = settleCode(record, { id: reservationId, wrong, now, rules });
      return { record: settled.record, result: settled.lockStarted };
    });
    deps.deviceWaits.wake(serial);
    if (lockStarted !== undefined) await announceLock(lockStarted.until);
  }

  /** Once, by the one writer that locked the device: audited, and told to the approvers. */
  async function announceLock(until: string): Promise<void> {
    const written = await deps.store.appendAudit([
      deps.events.approverDeviceLocked(request, { approverSlackId, mfaSerial: serial, until }),
    ]);
    deps.logger.warn({ approver: approverSlackId, serial, until }, 'approver device locked');
    const anchor = anchorOf(written);
    await raiseAlarm(deps, request, {
      kind: 'device-locked',
      approverSlackId,
      mfaSerial: serial,
      until,
      ...(anchor === undefined ? {} : { anchor }),
    });
  }

  async function send(): Promise<TemporaryCredentials> {
    if (!reserved) throw new ResetError('INTERNAL', 'A code was sent to STS without a reservation.');
    const wrongBefore = await submittedToChain();
    let credentials: TemporaryCredentials;
    try {
      credentials = await deps.sts.getSessionToken({
        serial,
        code: input.code,
        durationSeconds: SESSION_SECONDS,
      });
    } catch (error) {
      if (!isTokenRejection(error)) {
        await Promise.all([deps.attempts.release(request.id), settleDevice(false)]);
        await auditStepUpFailure(error);
        throw error;
      }
      const [counted] = await Promise.all([deps.attempts.recordWrong(request.id), settleDevice(true)]);
      // A counter rolled back must not keep the request open past its last attempt.
      const wrongCodes = Math.max(counted, wrongBefore + 1);
      throw new ResetError('TOKEN_CODE_REJECTED', 'AWS rejected the MFA code.', {
        details: { requestId: request.id, wrongCodes },
        cause: error,
      });
    }
    // Not awaited here: the EXECUTING write goes out meanwhile; `finish` waits for it.
    settling = Promise.all([deps.attempts.release(request.id), settleDevice(false)]).then(() => undefined);
    settling.catch(() => undefined);
    return credentials;
  }

  /** The STS failure is what the approver must hear about; a failed audit write is only logged. */
  async function auditStepUpFailure(error: unknown): Promise<void> {
    const code = toResetError(error).code;
    await deps.store
      .appendAudit([deps.events.stepUpFailed(request, { ...ofThisCode, code })])
      .catch((auditError: unknown) =>
        deps.logger.error({ requestId: request.id, err: auditError }, 'could not audit the failed step-up'),
      );
  }

  /**
   * Records the code in the chain (TOKEN_SUBMITTED) and lets it go to STS only if the chain's
   * count agrees with the counters that let it through: a counter that says less (rolled back by
   * someone who can write the table) loses; the code is refused and the disagreement audited.
   * Returns the wrong codes the chain records on the request before this one.
   */
  async function submittedToChain(): Promise<number> {
    try {
      await deps.store.appendAudit([deps.events.tokenSubmitted(request, ofThisCode)]);
      const now = deps.clock.now();
      const since = new Date(now.getTime() - rules.windowMinutes * 60_000).toISOString();
      const codes = await deps.store.chainedCodesOf({ requestId: request.id, serial, since });
      const verdict = chainVerdict(codes, {
        submission: reservationId,
        maxTokenAttempts: deps.rules.maxTokenAttempts,
        lockout: rules,
        now,
      });
      if (verdict.kind === 'send') return wrongCodesOf(codes);
      await giveBack();
      deps.logger.warn(
        { requestId: request.id, serial, code: verdict.code, counted: verdict.counted },
        'a guard counter let through a code the audit chain refuses; the chain decides',
      );
      const details: Record<string, string> =
        verdict.retryAt === undefined ? {} : { retryAt: verdict.retryAt };
      await deps.store.appendAudit([
        deps.events.codeCountDisagreed(request, {
          ...ofThisCode,
          errorCode: verdict.code,
          counted: verdict.counted,
        }),
        deps.events.approvalRefused(request, approverSlackId, verdict.code, details),
      ]);
      throw new ResetError(
        verdict.code,
        `The code for request ${request.id} was not sent to STS (${verdict.code}).`,
        {
          details: { requestId: request.id, ...details },
        },
      );
    } catch (error) {
      await giveBack();
      throw error;
    }
  }

  /** Gives the places of a code that will not go to STS back, once. */
  async function giveBack(): Promise<void> {
    if (!reserved) return;
    reserved = false;
    await Promise.all([deps.attempts.release(request.id), settleDevice(false)]);
  }

  return {
    submission: reservationId,
    reserve,
    verify: () => {
      pending ??= send();
      return pending;
    },
    finish: async () => {
      try {
        if (settling !== undefined) await settling;
        if (!reserved || pending !== undefined) return;
        reserved = false;
        await Promise.all([deps.attempts.release(request.id), settleDevice(false)]);
      } catch (error) {
        deps.logger.error(
          { requestId: request.id, approver: approverSlackId, err: error },
          'could not give back the places of a code',
        );
      }
    },
  };
}
