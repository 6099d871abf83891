import { isTimeout } from '../aws-limits.js';
import { isResetError, ResetError } from '../domain/errors.js';

/**
 * Translation of DynamoDB failures into the bot's coded errors. Anything the store cannot explain
 * (unreachable, 5xx, throttled past the SDK's retries, missing table, unknown) is
 * AUDIT_STORE_UNAVAILABLE: the callers fail closed on it, and the original error stays as `cause`.
 */
export function storeUnavailable(error: unknown, operation: string): ResetError {
  if (isResetError(error)) return error;
  // Network failures arrive as plain Errors; their code (ECONNREFUSED, ETIMEDOUT) says more than the name.
  const code = (error as { code?: unknown } | undefined)?.code;
  const awsError =
    error instanceof Error
      ? error.name === 'Error' && typeof code === 'string'
        ? code
        : error.name
      : typeof error;
  if (isTimeout(error)) {
    return new ResetError(
      'AUDIT_STORE_UNAVAILABLE',
      `The audit store did not answer in time, so the bot could not ${operation} (${awsError}).`,
      { cause: error, details: { operation, awsError, timedOut: true } },
    );
  }
  return new ResetError('AUDIT_STORE_UNAVAILABLE', `The audit store could not ${operation} (${awsError}).`, {
    cause: error,
    details: { operation, awsError },
  });
}

/**
 * One reason code per transaction item, in request order. The SDK exposes `CancellationReasons`;
 * the message lists the same codes ("... reasons [ConditionalCheckFailed, None]"), used as a fallback.
 */
export function cancellationReasonCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (Array.isArray(reasons)) return reasons.map((reason) => reason.Code ?? 'None');
  const listed = /\[([^\]]*)\]\s*$/.exec(error.message)?.[1];
  return listed === undefined ? [] : listed.split(',').map((code) => code.trim());
}

/** Codes that mean "someone else moved first" (the head, an item in another transaction): retry. */
export const CONTENDED = new Set(['ConditionalCheckFailed', 'TransactionConflict', 'ThrottlingError']);

/**
 * Whether DynamoDB refused what a transaction carries rather than failing to carry it: a
 * ValidationException for the whole request (an item too large, say: it does not name the item),
 * or a cancellation whose reasons name a refusal other than contention (ValidationError,
 * ItemCollectionSizeLimitExceeded). One write's content can cause either, so its batch's writes
 * are tried one by one; an unreachable or failing store is not retried write by write.
 */
export function refusesContent(error: unknown, codes: readonly string[] | undefined): boolean {
  if (codes !== undefined) return codes.some((code) => code !== 'None' && !CONTENDED.has(code));
  return error instanceof Error && error.name === 'ValidationException';
}
