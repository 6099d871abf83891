import type { IncomingHttpHeaders } from 'node:http';
import type { Accounts } from './accounts.js';
import { awsErrors } from './aws-errors.js';
import type { EmulatedSession, EmulatedUser } from './model.js';
import type { EmulatedRoleSession } from './roles.js';
import type { EmulatorState } from './state.js';

/**
 * Who is calling, from the SigV4 `Authorization` header. Signatures are not verified (the SDK
 * computes them correctly and tests gain nothing from checking), but the access key must be
 * known, and session keys must come with their own `X-Amz-Security-Token`, unexpired. The key
 * names the account the caller acts in: an IAM user's, or for a role session the role's.
 */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly service: string;
}

export interface Caller {
  /** The principal: the IAM user's ARN, or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  readonly arn: string;
  readonly accessKeyId: string;
  /** The account the caller acts in. */
  readonly state: EmulatorState;
  /** Set when the caller is an IAM user (long-term key or GetSessionToken session). */
  readonly user?: EmulatedUser;
  /** Set when the request was signed with session credentials from GetSessionToken. */
  readonly session?: EmulatedSession;
  /** Set when the request was signed with credentials from AssumeRole. */
  readonly roleSession?: EmulatedRoleSession;
  /** Whether the credentials carry MFA context (`aws:MultiFactorAuthPresent`). */
  readonly mfaAuthenticated: boolean;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request, SignedHeaders=…` */
export function credentialScope(headers: IncomingHttpHeaders): CredentialScope | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    headers.authorization ?? '',
  );
  if (match === null) return undefined;
  return { accessKeyId: match[1]!, service: match[2]! };
}

/**
 * The value of `aws:MultiFactorAuthPresent` for the caller: absent for a long-term key, "true" or
 * "false" for temporary credentials.
 */
export function mfaContextOf(caller: Caller): Record<string, string> {
  if (caller.session === undefined && caller.roleSession === undefined) return {};
  return { 'aws:MultiFactorAuthPresent': String(caller.mfaAuthenticated) };
}

/** The user a call is about when it names none: the caller, which must then be a user. */
export function callerUserName(caller: Caller): string {
  if (caller.user === undefined) {
    throw awsErrors.validation('Must specify userName when calling with non-User credentials');
  }
  return caller.user.userName;
}

function sessionToken(headers: IncomingHttpHeaders): string | undefined {
  const token = headers['x-amz-security-token'];
  return typeof token === 'string' ? token : undefined;
}

function identifyIn(
  state: EmulatorState,
  accessKeyId: string,
  headers: IncomingHttpHeaders,
  service: string,
): Caller | undefined {
  const longTerm = state.longTermKey(accessKeyId);
  if (longTerm !== undefined) {
    // IAM answers an Inactive key as it answers an unknown one.
    if (longTerm.status === 'Inactive') throw awsErrors.invalidClientTokenId();
    const user = state.user(longTerm.userName);
    if (user === undefined) throw awsErrors.invalidClientTokenId();
    return { arn: user.arn, user, accessKeyId, state, mfaAuthenticated: false };
  }
  const session = state.session(accessKeyId);
  const roleSession = state.roles.session(accessKeyId);
  const expected = session?.sessionToken ?? roleSession?.sessionToken;
  if (expected === undefined) return undefined;
  if (sessionToken(headers) !== expected) throw awsErrors.invalidClientTokenId();
  const expiresAt = session?.expiresAt ?? roleSession!.expiration;
  if (state.clock.now() >= expiresAt.getTime()) throw awsErrors.expiredToken();
  if (roleSession !== undefined) {
    const { arn, mfaAuthenticated } = roleSession;
    return { arn, accessKeyId, state, roleSession, mfaAuthenticated };
  }
  const user = state.user(session!.userName);
  if (user === undefined) throw awsErrors.invalidClientTokenId();
  const mfaAuthenticated = session!.mfaSerial !== undefined;
  // GetSessionToken credentials cannot call IAM at all unless they carry MFA context.
  if (service === 'iam' && !mfaAuthenticated) throw awsErrors.invalidClientTokenId();
  return { arn: user.arn, user, accessKeyId, session, state, mfaAuthenticated };
}

export function identifyCaller(input: {
  headers: IncomingHttpHeaders;
  service: 'iam' | 'sts' | 'cloudtrail' | 's3';
  accounts: Accounts;
}): Caller {
  const scope = credentialScope(input.headers);
  if (scope === undefined) throw awsErrors.missingAuthenticationToken();
  for (const { state } of input.accounts.all()) {
    const caller = identifyIn(state, scope.accessKeyId, input.headers, input.service);
    if (caller !== undefined) return caller;
  }
  throw awsErrors.invalidClientTokenId();
}
