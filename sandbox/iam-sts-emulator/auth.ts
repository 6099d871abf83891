import type { IncomingHttpHeaders } from 'node:http';
import { awsErrors } from './aws-errors.js';
import type { EmulatedSession, EmulatedUser } from './model.js';
import type { EmulatorState } from './state.js';

/**
 * Who is calling, from the SigV4 `Authorization` header. Signatures are not verified (the SDK
 * computes them correctly and tests gain nothing from checking), but the access key must be
 * known, and session keys must come with their own `X-Amz-Security-Token`, unexpired.
 */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly service: string;
}

export interface Caller {
  readonly user: EmulatedUser;
  readonly accessKeyId: string;
  /** Set when the request was signed with session credentials from GetSessionToken. */
  readonly session?: EmulatedSession;
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

export function identifyCaller(input: {
  headers: IncomingHttpHeaders;
  service: 'iam' | 'sts' | 'cloudtrail' | 's3';
  state: EmulatorState;
}): Caller {
  const scope = credentialScope(input.headers);
  if (scope === undefined) throw awsErrors.missingAuthenticationToken();
  const { state } = input;

  const longTerm = state.longTermKey(scope.accessKeyId);
  if (longTerm !== undefined) {
    // IAM answers an Inactive key as it answers an unknown one.
    if (longTerm.status === 'Inactive') throw awsErrors.invalidClientTokenId();
    const user = state.user(longTerm.userName);
    if (user === undefined) throw awsErrors.invalidClientTokenId();
    return { user, accessKeyId: scope.accessKeyId, mfaAuthenticated: false };
  }

  const session = state.session(scope.accessKeyId);
  const token = input.headers['x-amz-security-token'];
  if (session === undefined || token !== session.sessionToken) throw awsErrors.invalidClientTokenId();
  if (state.clock.now() >= session.expiresAt.getTime()) throw awsErrors.expiredToken();
  const user = state.user(session.userName);
  if (user === undefined) throw awsErrors.invalidClientTokenId();
  const mfaAuthenticated = session.mfaSerial !== undefined;
  // GetSessionToken credentials cannot call IAM at all unless they carry MFA context.
  if (input.service === 'iam' && !mfaAuthenticated) throw awsErrors.invalidClientTokenId();
  return { user, accessKeyId: scope.accessKeyId, session, mfaAuthenticated };
}
