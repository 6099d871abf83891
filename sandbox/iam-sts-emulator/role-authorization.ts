import { type Caller, callerUserName, mfaContextOf } from './auth.js';
import { awsErrors } from './aws-errors.js';
import { evaluatePolicies } from './policy-evaluation.js';

/**
 * What IAM decides before an action runs, beyond the home account's fixed rules (iam-actions.ts):
 * the service control policy of the account the caller acts in (every principal), and, for a
 * role session, the role's permission policies, evaluated for the request's resource with the
 * caller's MFA context and the resource's tags. As in IAM, this comes before any existence check,
 * and an implicit or explicit deny is 403 AccessDenied naming the caller and the resource.
 */
interface Target {
  /** The resource's ARN, as policies name it. */
  readonly arn: string;
  /** The resource as IAM's AccessDenied message names it (`user NAME` for users). */
  readonly label: string;
  readonly context: Record<string, string>;
}

const USER_ACTIONS = new Set([
  'GetUser',
  'ListUserTags',
  'ListMFADevices',
  'DeactivateMFADevice',
  'EnableMFADevice',
  'GetLoginProfile',
  'ListAccessKeys',
  'ListGroupsForUser',
  'ListAttachedUserPolicies',
  'ListUserPolicies',
  'GetUserPolicy',
]);
const GROUP_ACTIONS = new Set(['ListAttachedGroupPolicies', 'ListGroupPolicies', 'GetGroupPolicy']);

function userTarget(caller: Caller, userName: string): Target {
  const user = caller.state.user(userName);
  const tags = Object.fromEntries((user?.tags ?? []).map((tag) => [`aws:ResourceTag/${tag.Key}`, tag.Value]));
  return {
    arn: user?.arn ?? `arn:aws:iam::${caller.state.accountId}:user/${userName}`,
    label: `user ${userName}`,
    context: tags,
  };
}

function targetOf(
  caller: Caller,
  service: string,
  action: string,
  params: Readonly<Record<string, string>>,
): Target {
  const account = caller.state.accountId;
  const arn = (resource: string): Target => ({ arn: resource, label: resource, context: {} });
  if (service === 'iam') {
    if (USER_ACTIONS.has(action)) return userTarget(caller, params.UserName ?? callerUserName(caller));
    if (GROUP_ACTIONS.has(action)) {
      const name = params.GroupName ?? '';
      return { arn: `arn:aws:iam::${account}:group/${name}`, label: `group ${name}`, context: {} };
    }
    if (action === 'DeleteVirtualMFADevice') return arn(params.SerialNumber ?? '');
    if (action === 'CreateVirtualMFADevice')
      return arn(`arn:aws:iam::${account}:mfa/${params.VirtualMFADeviceName ?? ''}`);
    // Actions on no particular resource are evaluated against `*`; IAM's message names the path listed.
    if (action === 'ListUsers') return { arn: '*', label: `arn:aws:iam::${account}:user/`, context: {} };
    if (action === 'ListVirtualMFADevices')
      return { arn: '*', label: `arn:aws:iam::${account}:mfa/`, context: {} };
  }
  if (service === 'sts' && action === 'AssumeRole') return arn(params.RoleArn ?? '*');
  return arn('*');
}

/** Throws IAM's AccessDenied when the account's SCP or, for a role session, the role's policies refuse the call. */
export function authorizeCall(input: {
  caller: Caller;
  service: 'iam' | 'sts' | 'cloudtrail';
  action: string;
  params: Readonly<Record<string, string>>;
}): void {
  const { caller, service, action } = input;
  // GetCallerIdentity needs no permission: no policy can deny it.
  if (service === 'sts' && action === 'GetCallerIdentity') return;
  const fullAction = `${service}:${action}`;
  const target = targetOf(caller, service, action, input.params);
  const refuse = (by: Parameters<typeof awsErrors.policyDenied>[0]['by']) =>
    awsErrors.policyDenied({ callerArn: caller.arn, action: fullAction, resource: target.label, by });
  if (caller.state.scp.denies(fullAction)) throw refuse('service control policy');
  // A role session's own permissions are not what AssumeRole and STS look at (only the trust is).
  if (caller.roleSession === undefined || service === 'sts') return;
  const decision = evaluatePolicies(Object.values(caller.roleSession.role.policies), {
    action: fullAction,
    resource: target.arn,
    context: { ...mfaContextOf(caller), ...target.context },
  });
  if (decision === 'ExplicitlyDenied') throw refuse('identity-based policy');
  if (decision === 'ImplicitlyDenied') throw refuse('no allow');
}
