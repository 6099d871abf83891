/**
 * One error family for the whole bot. Every failure a person can meet has a stable code; adapters
 * translate vendor errors (IAM, STS, DynamoDB, Slack) into these, and `describeError` is the one
 * place that turns a code into words.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'MEMBER_NOT_MAPPED'
  | 'IAM_USER_NOT_FOUND'
  | 'MAPPING_CONFLICT'
  | 'MAPPING_AMBIGUOUS'
  | 'USER_PROTECTED'
  | 'NO_MFA_DEVICES'
  | 'DEVICE_NOT_ON_USER'
  | 'REQUEST_NOT_FOUND'
  | 'REQUEST_ALREADY_HANDLED'
  | 'REQUEST_EXPIRED'
  | 'REQUEST_ALREADY_OPEN'
  | 'DAILY_RESET_LIMIT'
  | 'REQUEST_TAMPERED'
  | 'SUBMISSION_REPLAYED'
  | 'NOT_AN_APPROVER'
  | 'SELF_APPROVAL'
  | 'APPROVER_IS_TARGET'
  | 'ALREADY_APPROVED_BY_YOU'
  | 'NO_APPROVER_MFA_DEVICE'
  | 'TOKEN_CODE_FORMAT'
  | 'TOKEN_CODE_REJECTED'
  | 'TOKEN_ATTEMPTS_EXHAUSTED'
  | 'APPROVER_DEVICE_LOCKED'
  | 'AWS_MFA_REQUIRED'
  | 'AWS_ACCESS_DENIED'
  | 'AWS_THROTTLED'
  | 'AWS_UNAVAILABLE'
  | 'AWS_DEVICE_NOT_FOUND'
  | 'AUDIT_STORE_UNAVAILABLE'
  | 'EXECUTION_INTERRUPTED'
  | 'OUTCOME_NOT_RECORDED'
  | 'SLACK_API_ERROR'
  | 'NOT_AN_AUDITOR'
  | 'AUDIT_FILTER_INVALID'
  | 'EXPORT_TOO_LARGE'
  | 'INTERNAL';

export interface CodedError {
  readonly code: ErrorCode;
  readonly message: string;
}

export class ResetError extends Error implements CodedError {
  override readonly name = 'ResetError';
  readonly code: ErrorCode;
  /** Extra, non-secret facts for logs and audit (never token codes or credentials). */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, string | number | boolean>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isResetError(error: unknown): error is ResetError {
  return error instanceof ResetError;
}

/** Any thrown value as a coded error; unknown failures become INTERNAL without leaking their text. */
export function toResetError(error: unknown): ResetError {
  if (isResetError(error)) return error;
  return new ResetError('INTERNAL', 'An unexpected error occurred.', { cause: error });
}

export interface ErrorDescription {
  /** What went wrong, in words for the person who met it. */
  readonly what: string;
  /** What they can do about it. */
  readonly next: string;
}

type Details = ResetError['details'];

/** Words of a code; `next` may name a fact of the error (when to try again). */
interface Words {
  readonly what: string;
  readonly next: string | ((details: Details) => string);
}

/** An ISO-8601 time as people read it in any time zone: `2026-05-01 10:42 UTC`. */
export function utcMinute(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return iso;
  // Rounded up, so that "after 10:42" is never a minute too early.
  const minute = new Date(Math.ceil(millis / 60_000) * 60_000).toISOString();
  return `${minute.slice(0, 10)} ${minute.slice(11, 16)} UTC`;
}

const descriptions: Record<ErrorCode, Words> = {
  CONFIG_INVALID: {
    what: 'The bot is misconfigured.',
    next: 'Ask the team that runs the bot to check its configuration.',
  },
  INPUT_INVALID: { what: 'That input is not valid.', next: 'Check it and try again.' },
  MEMBER_NOT_MAPPED: {
    what: 'Your Slack account is not linked to an AWS IAM user.',
    next: 'Ask your AWS administrators to add you to the bot’s user mapping.',
  },
  IAM_USER_NOT_FOUND: {
    what: 'Your Slack account maps to an IAM user that does not exist.',
    next: 'Ask your AWS administrators to check the bot’s user mapping.',
  },
  MAPPING_CONFLICT: {
    what: 'Your Slack account maps to an IAM user that the bot’s mapping gives to another Slack member.',
    next: 'Ask your AWS administrators to fix the bot’s user mapping so that each IAM user belongs to one member.',
  },
  MAPPING_AMBIGUOUS: {
    what: 'More than one IAM user carries your Slack user ID, so the bot cannot tell which one is yours.',
    next: 'Ask your AWS administrators to leave that tag on your own IAM user only.',
  },
  USER_PROTECTED: {
    what: 'This IAM user is protected: its MFA cannot be reset through the bot.',
    next: 'Ask your AWS administrators to reset it by hand, following your break-glass procedure.',
  },
  NO_MFA_DEVICES: {
    what: 'Your IAM user has no MFA devices, so there is nothing to reset.',
    next: 'Sign in to the AWS console with your password and enrol a new MFA device.',
  },
  DEVICE_NOT_ON_USER: {
    what: 'A selected MFA device is no longer attached to the IAM user.',
    next: 'Run /mfa-reset again to see the current devices.',
  },
  REQUEST_NOT_FOUND: {
    what: 'That reset request does not exist.',
    next: 'Run /mfa-reset to start a new one.',
  },
  REQUEST_ALREADY_HANDLED: {
    what: 'This request has already been handled.',
    next: 'Nothing to do: see the request message for its outcome.',
  },
  REQUEST_EXPIRED: {
    what: 'This request has expired.',
    next: 'The requester can run /mfa-reset again to make a new one.',
  },
  REQUEST_ALREADY_OPEN: {
    what: 'This IAM user already has an open MFA reset request.',
    next: 'Wait until the approvers decide on it or it expires, then run /mfa-reset again.',
  },
  DAILY_RESET_LIMIT: {
    what: 'The MFA of this IAM user has been reset as often as allowed in the last 24 hours.',
    next: 'Try again tomorrow, or ask your AWS administrators for help.',
  },
  REQUEST_TAMPERED: {
    what: 'This request was changed in the bot’s database after it was made, so it was closed and nothing was reset.',
    next: 'Tell the team that runs the bot (treat it as a security incident); the requester can run /mfa-reset again.',
  },
  SUBMISSION_REPLAYED: {
    what: 'This form was already received with exactly these values, so it was not acted on again.',
    next: 'If your code was refused, wait for the next code on your device and enter that one.',
  },
  NOT_AN_APPROVER: {
    what: 'You are not an approver for MFA resets.',
    next: 'Ask a member of the approvers group to handle this request.',
  },
  SELF_APPROVAL: {
    what: 'You cannot decide on your own request.',
    next: 'Another approver has to handle it.',
  },
  APPROVER_IS_TARGET: {
    what: 'You cannot approve a reset of your own MFA: this request is for the IAM user the bot maps you to.',
    next: 'Another approver has to handle it.',
  },
  ALREADY_APPROVED_BY_YOU: {
    what: 'You have already approved this request.',
    next: 'It needs an approval from someone else too.',
  },
  NO_APPROVER_MFA_DEVICE: {
    what: 'No MFA device of the bot is assigned to you.',
    next: 'Ask the team that runs the bot to add your device under approvers.mfaDevices.',
  },
  TOKEN_CODE_FORMAT: { what: 'Enter the 6-digit code shown by your MFA device.', next: 'Try again.' },
  TOKEN_CODE_REJECTED: {
    what: 'AWS rejected that MFA code.',
    next: 'Wait for the next code on your device and enter it.',
  },
  TOKEN_ATTEMPTS_EXHAUSTED: {
    what: 'Too many wrong MFA codes were entered for this request, so it takes no more and closes as failed.',
    next: 'The requester can run /mfa-reset again to make a new request.',
  },
  APPROVER_DEVICE_LOCKED: {
    what: 'Too many wrong codes came from your MFA device, so the bot is not accepting its codes for now.',
    next: (details) =>
      typeof details.retryAt === 'string'
        ? `Try again after ${utcMinute(details.retryAt)}.`
        : 'Try again once approvers.lockout.windowMinutes have passed.',
  },
  AWS_MFA_REQUIRED: {
    what: 'AWS requires an MFA-authenticated session for this change.',
    next: 'Set aws.stepUp to "always" in the bot configuration.',
  },
  AWS_ACCESS_DENIED: {
    what: 'AWS denied the bot access.',
    next: 'Ask the team that runs the bot to check its IAM policy.',
  },
  AWS_THROTTLED: { what: 'AWS is throttling the bot.', next: 'Wait a minute and try again.' },
  AWS_UNAVAILABLE: { what: 'AWS could not be reached.', next: 'Try again in a few minutes.' },
  AWS_DEVICE_NOT_FOUND: {
    what: 'The MFA device no longer exists in AWS.',
    next: 'Nothing to do for that device.',
  },
  AUDIT_STORE_UNAVAILABLE: {
    what: 'The audit trail could not be written, so nothing was changed.',
    next: 'Try again in a few minutes; if it persists, tell the team that runs the bot.',
  },
  EXECUTION_INTERRUPTED: {
    what: 'The reset was interrupted, and some devices are still attached to the IAM user.',
    next: 'The requester can run /mfa-reset again to reset the remaining devices.',
  },
  OUTCOME_NOT_RECORDED: {
    what: 'The reset was carried out, but its outcome could not be written to the audit trail.',
    next: 'Nothing to redo: the bot records it from IAM once the audit store is back. Tell the team that runs the bot.',
  },
  SLACK_API_ERROR: { what: 'Slack rejected a call from the bot.', next: 'Try again in a few minutes.' },
  NOT_AN_AUDITOR: {
    what: 'You are not an auditor of MFA resets.',
    next: 'Ask the team that runs the bot to add you to auditors.users or an auditors user group.',
  },
  AUDIT_FILTER_INVALID: {
    what: 'That audit filter is not valid.',
    next: 'Give an IAM user name, a @member or a request ID, and a number of days from 1 to 365.',
  },
  EXPORT_TOO_LARGE: {
    what: 'That selection holds too many events to send through Slack.',
    next: 'Choose a shorter period or a narrower filter, or export it with the command line (mfa-reset-bot audit export).',
  },
  INTERNAL: {
    what: 'Something unexpected went wrong.',
    next: 'Try again; if it persists, tell the team that runs the bot.',
  },
};

/** The words for a code; `details` fill in the facts some of them name. */
export function describeError(code: ErrorCode, details: Details = {}): ErrorDescription {
  const { what, next } = descriptions[code];
  return { what, next: typeof next === 'string' ? next : next(details) };
}
