import { isTimeout } from '../aws-limits.js';
import { type ErrorCode, isResetError, ResetError } from '../domain/errors.js';

/**
 * Turns what the AWS SDK throws into the bot's coded errors. The original error is kept as
 * `cause` for logs; messages and details carry only non-secret facts (operation, AWS error code,
 * HTTP status, request id, user and serial), never credentials or token codes.
 */
export interface AwsCallContext {
  /** `service:Action`, e.g. `iam:DeactivateMFADevice`. */
  readonly operation: string;
  /** The call changes IAM: NoSuchEntity then means the device is gone, not the user. */
  readonly mutation?: boolean;
  /** The call was signed with MFA-backed temporary credentials from GetSessionToken. */
  readonly withMfaSession?: boolean;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

interface AwsFailure {
  /** The AWS error code (`AccessDenied`, `Throttling`…), else the SDK error's name. */
  readonly name: string;
  readonly message: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** Node's network error code (`ECONNRESET`…) when the request never got an answer. */
  readonly networkCode?: string;
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** The credentials themselves were refused: unknown, expired or badly signed. */
const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'CredentialsProviderError',
]);

/** IAM asks to try again later. */
const TRANSIENT_CODES = new Set(['EntityTemporarilyUnmodifiable', 'ConcurrentModification', 'TimeoutError']);

/** IAM's AccessDenied when the caller's policy needs `aws:MultiFactorAuthPresent` (an MFA session). */
const MFA_REQUIRED_TEXT = /authenticated with an MFA device|MultiFactorAuthPresent/i;
/** AWS's words when an organisation's service control policy denied the call. */
const SCP_DENIAL_TEXT = /service control polic/i;
/** STS's answer to a wrong or already used TOTP code. */
const CODE_REJECTED_TEXT = /invalid MFA one time pass code/i;
/** STS's answer when the serial is not an MFA device of the calling IAM user. */
const UNKNOWN_SERIAL_TEXT = /unable to validate MFA code|verify your MFA serial number/i;

function failureOf(error: unknown): AwsFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    Code?: unknown;
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number; requestId?: string };
  };
  // `Code` is AWS's own error code; `name` is the SDK's class name for the errors it models
  // (`NoSuchEntityException` for NoSuchEntity) and the code itself for the others.
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : 'Error';
  return {
    name,
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(e.$metadata?.httpStatusCode === undefined ? {} : { httpStatus: e.$metadata.httpStatusCode }),
    ...(e.$metadata?.requestId === undefined ? {} : { requestId: e.$metadata.requestId }),
    ...(typeof e.code === 'string' ? { networkCode: e.code } : {}),
  };
}

function accessDeniedCode(failure: AwsFailure, context: AwsCallContext): ErrorCode {
  if (SCP_DENIAL_TEXT.test(failure.message)) return 'AWS_DENIED_BY_SCP';
  // A role that does not exist is refused like one whose trust does not name the caller.
  if (context.operation === 'sts:AssumeRole') return 'MEMBER_ROLE_REFUSED';
  if (context.operation === 'sts:GetSessionToken') {
    if (CODE_REJECTED_TEXT.test(failure.message)) return 'TOKEN_CODE_REJECTED';
    if (UNKNOWN_SERIAL_TEXT.test(failure.message)) return 'NO_APPROVER_MFA_DEVICE';
    return 'AWS_ACCESS_DENIED';
  }
  if (MFA_REQUIRED_TEXT.test(failure.message)) return 'AWS_MFA_REQUIRED';
  // A policy conditioned on aws:MultiFactorAuthPresent denies with IAM's generic wording
  // ("… with an explicit deny …" or "… because no identity-based policy allows …"), which does
  // not say that MFA would help. A denied change made without an MFA session is therefore
  // reported as needing one: the bot makes every change with an MFA session, so this names the fix.
  if (context.mutation && !context.withMfaSession) return 'AWS_MFA_REQUIRED';
  return 'AWS_ACCESS_DENIED';
}

function classify(failure: AwsFailure, context: AwsCallContext): ErrorCode {
  if (THROTTLING_CODES.has(failure.name) || failure.httpStatus === 429) return 'AWS_THROTTLED';
  if (CREDENTIAL_CODES.has(failure.name)) return 'AWS_ACCESS_DENIED';
  // No HTTP status: the request never got an answer (refused, reset, timed out).
  if (failure.httpStatus === undefined || failure.httpStatus >= 500) return 'AWS_UNAVAILABLE';
  if (TRANSIENT_CODES.has(failure.name)) return 'AWS_UNAVAILABLE';
  if (failure.name === 'AccessDenied' || failure.name === 'AccessDeniedException') {
    return accessDeniedCode(failure, context);
  }
  if (failure.name === 'NoSuchEntity' || failure.name === 'NoSuchEntityException') {
    return context.mutation ? 'AWS_DEVICE_NOT_FOUND' : 'IAM_USER_NOT_FOUND';
  }
  return 'INTERNAL';
}

const reasons: Partial<Record<ErrorCode, string>> = {
  AWS_MFA_REQUIRED: 'AWS requires an MFA-authenticated session for it',
  AWS_ACCESS_DENIED: 'AWS denied it',
  AWS_DENIED_BY_SCP: 'a service control policy of the organisation denied it',
  MEMBER_ROLE_REFUSED: 'the role’s trust policy does not let the bot assume it (or the role does not exist)',
  TOKEN_CODE_REJECTED: 'AWS rejected the MFA code',
  NO_APPROVER_MFA_DEVICE: 'the MFA serial is not a device of the calling IAM user',
  AWS_THROTTLED: 'AWS throttled it',
  AWS_UNAVAILABLE: 'AWS could not be reached or failed',
  AWS_DEVICE_NOT_FOUND: 'the MFA device does not exist (any more)',
  IAM_USER_NOT_FOUND: 'the IAM user does not exist',
};

export function isNoSuchEntity(error: unknown): boolean {
  const name = failureOf(error).name;
  return name === 'NoSuchEntity' || name === 'NoSuchEntityException';
}

export function translateAwsError(error: unknown, context: AwsCallContext): ResetError {
  if (isResetError(error)) return error;
  const failure = failureOf(error);
  const code = classify(failure, context);
  const details: Record<string, string | number | boolean> = {
    ...context.details,
    operation: context.operation,
    awsError: failure.networkCode ?? failure.name,
  };
  if (failure.httpStatus !== undefined) details.httpStatus = failure.httpStatus;
  if (failure.requestId !== undefined) details.awsRequestId = failure.requestId;
  if (isTimeout(error)) details.timedOut = true;
  const reason = isTimeout(error)
    ? 'AWS did not answer in time'
    : (reasons[code] ?? `AWS answered ${failure.name}`);
  return new ResetError(code, `${context.operation} failed: ${reason}.`, { details, cause: error });
}
