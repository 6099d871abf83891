import {
  type CatalogueEntry,
  type ErrorCode,
  type ErrorDetails,
  errorCatalogue,
  type InputField,
} from './error-catalogue.js';

/**
 * One error family for the whole bot. Every failure a person can meet has a stable code; adapters
 * translate vendor errors (IAM, STS, DynamoDB, Slack) into these, and `describeError` is the one
 * place that turns a code into words. The codes, their kinds and their words are in
 * error-catalogue.ts.
 */
export type { ErrorCode, ErrorKind, InputField } from './error-catalogue.js';
export { utcMinute } from './error-catalogue.js';

export interface CodedError {
  readonly code: ErrorCode;
  readonly message: string;
}

export class ResetError extends Error implements CodedError {
  override readonly name = 'ResetError';
  readonly code: ErrorCode;
  /** Extra, non-secret facts for logs and audit (never token codes or credentials). */
  readonly details: ErrorDetails;

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

/** Every code, in the catalogue's order. */
export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

/** The codes whose catalogue entry matches, e.g. every `field` code: lists of codes are made here. */
export function codesWhere(matches: (entry: CatalogueEntry) => boolean): ReadonlySet<ErrorCode> {
  return new Set(errorCodes.filter((code) => matches(errorCatalogue[code])));
}

/**
 * Whether the code means the bot, its configuration or a service it needs failed (logged at error,
 * never taken as an answer about the member), as opposed to a refusal or a problem with an input.
 */
export function isFault(code: ErrorCode): boolean {
  return errorCatalogue[code].kind === 'fault';
}

/** The codes that say AWS judged an approver's MFA code wrong (not that STS could not judge it). */
const codeRejections = codesWhere((entry) => entry.codeRejected === true);

/**
 * Whether STS rejected the approver's code, as the STS adapter and the approval's code check throw
 * it (`details.wrongCodes`: the request's wrong codes so far, once the check has counted it).
 */
export function isTokenRejection(error: unknown): error is ResetError {
  return isResetError(error) && codeRejections.has(error.code);
}

/** The input a `field` code belongs beside when the error does not name its block. */
export function inputFieldOf(code: ErrorCode): InputField | undefined {
  const entry: CatalogueEntry = errorCatalogue[code];
  return entry.field;
}

/** The words for a code; `details` fill in the facts some of them name. */
export function describeError(code: ErrorCode, details: ErrorDetails = {}): ErrorDescription {
  const { what, next }: CatalogueEntry = errorCatalogue[code];
  return { what, next: typeof next === 'string' ? next : next(details) };
}
