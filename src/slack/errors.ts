import { ResetError } from '../domain/errors.js';

/** Slack's error string (`missing_scope`, `user_not_found`, …) of a failed Web API call, if any. */
export function slackErrorOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * A failed Web API call as SLACK_API_ERROR, keeping what helps an operator (the method, Slack's
 * error string such as `missing_scope`, the retry delay when rate limited) and the original error
 * as the cause. Read structurally, so no runtime import of @slack/web-api's error classes.
 */
export function slackApiError(method: string, error: unknown): ResetError {
  const details: Record<string, string | number> = { method };
  if (typeof error === 'object' && error !== null) {
    const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
    const slackError = slackErrorOf(error);
    if (typeof code === 'string') details.slackCode = code;
    if (slackError !== undefined) details.slackError = slackError;
    if (typeof retryAfter === 'number') details.retryAfterSeconds = retryAfter;
  }
  const reason = details.slackError ?? details.slackCode ?? 'unknown error';
  return new ResetError('SLACK_API_ERROR', `Slack ${method} failed: ${reason}.`, { details, cause: error });
}
