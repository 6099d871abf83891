import { type Caller, mfaContextOf } from './auth.js';
import { awsErrors } from './aws-errors.js';
import type { ActionHandler } from './iam-actions.js';
import { evaluatePolicies } from './policy-evaluation.js';
import type { EmulatedRole } from './roles.js';

/**
 * STS AssumeRole (2011-06-15), as AWS answers it: the request is validated first (400
 * ValidationError), then the role's trust policy alone decides (the caller's own policies are not
 * evaluated), with the caller's MFA context and the ExternalId given as `sts:ExternalId`. A role
 * that does not exist and a trust that refuses get the same 403 AccessDenied, as in AWS. The
 * session acts in the role's account and carries the MFA context of the credentials that assumed it.
 */
const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;
const DEFAULT_DURATION_SECONDS = 3600;
/** A role session assuming another role (role chaining) gets at most one hour. */
const CHAINED_MAX_DURATION_SECONDS = 3600;

function constraint(member: string, raw: string | null, rule: string): never {
  const value = raw === null ? 'null' : `'${raw}'`;
  throw awsErrors.validation(
    `1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: Member must ${rule}`,
  );
}

function validLength(member: string, raw: string, min: number, max: number): string {
  if (raw.length < min) constraint(member, raw, `have length greater than or equal to ${min}`);
  if (raw.length > max) constraint(member, raw, `have length less than or equal to ${max}`);
  return raw;
}

function required(params: Readonly<Record<string, string>>, name: string, member: string): string {
  const value = params[name];
  if (value === undefined) constraint(member, null, 'not be null');
  return value;
}

function durationOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_DURATION_SECONDS;
  const value = Number(raw);
  if (!Number.isInteger(value)) constraint('durationSeconds', raw, 'be an integer');
  if (value < MIN_DURATION_SECONDS) {
    constraint('durationSeconds', raw, `have value greater than or equal to ${MIN_DURATION_SECONDS}`);
  }
  if (value > MAX_DURATION_SECONDS) {
    constraint('durationSeconds', raw, `have value less than or equal to ${MAX_DURATION_SECONDS}`);
  }
  return value;
}

/** The ARNs a trust policy's Principal may name the caller by: itself, its role, its account. */
function principalsOf(caller: Caller): string[] {
  const account = caller.state.accountId;
  const own = caller.roleSession === undefined ? [caller.arn] : [caller.arn, caller.roleSession.role.arn];
  return [...own, `arn:aws:iam::${account}:root`, account];
}

function trusts(role: EmulatedRole, caller: Caller, externalId: string | undefined): boolean {
  const decision = evaluatePolicies([role.trustPolicy], {
    action: 'sts:AssumeRole',
    resource: role.arn,
    principals: principalsOf(caller),
    context: {
      ...mfaContextOf(caller),
      'aws:PrincipalArn': caller.roleSession?.role.arn ?? caller.arn,
      'aws:PrincipalAccount': caller.state.accountId,
      ...(externalId === undefined ? {} : { 'sts:ExternalId': externalId }),
    },
  });
  return decision === 'Allowed';
}

export const assumeRole: ActionHandler = ({ params, caller, accounts }) => {
  const roleArn = validLength('roleArn', required(params, 'RoleArn', 'roleArn'), 20, 2048);
  const sessionName = validLength(
    'roleSessionName',
    required(params, 'RoleSessionName', 'roleSessionName'),
    2,
    64,
  );
  if (!SESSION_NAME.test(sessionName)) {
    constraint('roleSessionName', sessionName, 'satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  const durationSeconds = durationOf(params.DurationSeconds);
  const externalId = params.ExternalId;
  if (externalId !== undefined) {
    validLength('externalId', externalId, 2, 1224);
    if (!EXTERNAL_ID.test(externalId)) {
      constraint('externalId', externalId, 'satisfy regular expression pattern: [\\w+=,.@:\\/-]*');
    }
  }
  if (params.SerialNumber !== undefined || params.TokenCode !== undefined) {
    // The bot proves MFA with GetSessionToken and assumes roles with that session.
    throw awsErrors.validation('The emulator takes MFA on GetSessionToken only, not on AssumeRole.');
  }

  const accountId = ROLE_ARN.exec(roleArn)?.[1];
  const role = accountId === undefined ? undefined : accounts.get(accountId)?.state.roles.roleByArn(roleArn);
  if (role === undefined || !trusts(role, caller, externalId)) {
    throw awsErrors.assumeRoleDenied({ callerArn: caller.arn, roleArn });
  }
  if (caller.roleSession !== undefined && durationSeconds > CHAINED_MAX_DURATION_SECONDS) {
    throw awsErrors.validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (durationSeconds > role.maxSessionDuration) {
    throw awsErrors.validation(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }

  const session = accounts.get(role.accountId)!.state.roles.startSession({
    role,
    sessionName,
    mfaAuthenticated: caller.mfaAuthenticated,
    durationSeconds,
  });
  return {
    AssumedRoleUser: { Arn: session.arn, AssumedRoleId: session.assumedRoleId },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
  };
};
