import { descriptions } from './error-words.js';

export { utcMinute } from './error-words.js';

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
  | 'NOT_YOUR_REQUEST'
  | 'NO_OPEN_REQUEST'
  | 'NOT_HELPDESK'
  | 'MEMBER_DEACTIVATED'
  | 'APPROVER_DEACTIVATED'
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
  | 'MFA_DEVICE_NAME_TAKEN'
  | 'MFA_DEVICE_LIMIT'
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

/** The words for a code; `details` fill in the facts some of them name. */
export function describeError(code: ErrorCode, details: Details = {}): ErrorDescription {
  const { what, next } = descriptions[code];
  return { what, next: typeof next === 'string' ? next : next(details) };
}
