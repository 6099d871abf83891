import { type MemberAccount, parseIamUserRef, resetSessionName } from './accounts.js';

/**
 * A member account's side of the CloudTrail check. There the bot changes devices with a session of
 * the account's reset role, assumed with the approver's MFA session under the session name
 * `mfa-reset-<requestId>`; CloudTrail names the caller `AssumedRole`, by the session's ARN and its
 * access key ID, which the request's EXECUTION_STARTED (or FINISH_STARTED) recorded as
 * `roleSessionKeyId`. Pure, like account-trail.ts.
 */
export type ResetRoleAccount = Pick<MemberAccount, 'id' | 'name' | 'resetRoleArn'>;

/** The reset role's session a member account's execution recorded (`accountId`, `roleSessionName`, `roleSessionKeyId`). */
export interface RecordedRoleSession {
  readonly accountId: string;
  readonly sessionName: string;
  readonly keyId: string;
}

/** How EXECUTION_STARTED and FINISH_STARTED record the role session among their details (none at home). */
export function roleSessionDetails(role: RecordedRoleSession | undefined): {
  accountId?: string;
  roleSessionName?: string;
  roleSessionKeyId?: string;
} {
  return role === undefined
    ? {}
    : { accountId: role.accountId, roleSessionName: role.sessionName, roleSessionKeyId: role.keyId };
}

/** The role session a start event's details recorded, read back; undefined when it recorded none. */
export function recordedRoleSession(
  details: Readonly<Record<string, unknown>> | undefined,
): RecordedRoleSession | undefined {
  const { accountId, roleSessionName, roleSessionKeyId } = details ?? {};
  return typeof accountId === 'string' &&
    typeof roleSessionName === 'string' &&
    typeof roleSessionKeyId === 'string'
    ? { accountId, sessionName: roleSessionName, keyId: roleSessionKeyId }
    : undefined;
}

/** What these rules read of a CloudTrail reset (account-trail.ts's `AccountMfaReset`). */
interface ResetCaller {
  readonly caller: { readonly type?: string; readonly arn?: string; readonly mfaAuthenticated?: boolean };
}

/** What these rules read of an execution (account-trail.ts's `ExecutedRequest`). */
interface Execution {
  readonly request: { readonly target: { readonly iamUserName: string } };
  readonly sessionKeyId?: string;
  readonly roleSession?: RecordedRoleSession;
}

/** The reset role's partition and name: an assumed-role ARN keeps the name and drops the path. */
function roleOf(account: ResetRoleAccount): { partition: string; roleName: string } {
  const match = /^arn:([^:]+):iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(account.resetRoleArn);
  return { partition: match?.[1] ?? 'aws', roleName: match?.[2] ?? account.resetRoleArn };
}

/** What CloudTrail names a session of the account's reset role by. */
export function resetRoleSessionArn(account: ResetRoleAccount, sessionName: string): string {
  const { partition, roleName } = roleOf(account);
  return `arn:${partition}:sts::${account.id}:assumed-role/${roleName}/${sessionName}`;
}

/** ARNs compare without case: IAM role names are unique without it, and request IDs are lowercase. */
const sameArn = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();

/**
 * Whether the change was made by an MFA session of the account's reset role under a name the bot
 * gives its resets: only such a caller can be accounted for by a request.
 */
export function byResetRoleSession(reset: ResetCaller, account: ResetRoleAccount): boolean {
  const { caller } = reset;
  const prefix = resetRoleSessionArn(account, resetSessionName('')).toLowerCase();
  return (
    caller.type === 'AssumedRole' &&
    caller.mfaAuthenticated === true &&
    caller.arn?.toLowerCase().startsWith(prefix) === true
  );
}

/** Whether the caller is the session the bot assumed for this very request. */
export function byRequestSession(reset: ResetCaller, account: ResetRoleAccount, requestId: string): boolean {
  return sameArn(reset.caller.arn, resetRoleSessionArn(account, resetSessionName(requestId)));
}

/**
 * Whether the execution ran in the account checked (undefined: the home account): by its target's
 * account, so that no account's check counts, or names, another's execution.
 */
export function ranIn(executed: Execution, account?: ResetRoleAccount): boolean {
  const accountId = parseIamUserRef(executed.request.target.iamUserName)?.accountId;
  if (account === undefined) return accountId === undefined && executed.roleSession === undefined;
  return accountId === account.id;
}

/**
 * The access key CloudTrail names the bot's changes for this execution by, in the account checked:
 * the MFA session's own key in the home account, the reset role session's key in a member account.
 * Undefined when the execution ran in another account or recorded no such key.
 */
export function changeKeyIn(executed: Execution, account?: ResetRoleAccount): string | undefined {
  if (!ranIn(executed, account)) return undefined;
  if (account === undefined) return executed.sessionKeyId;
  const { roleSession } = executed;
  return roleSession?.accountId === account.id ? roleSession.keyId : undefined;
}

/** The key a request names the reset's user by: `ACCOUNT_ID:name` in a member account. */
export function userKeyIn(iamUserName: string, account?: ResetRoleAccount): string {
  return account === undefined ? iamUserName : `${account.id}:${iamUserName}`;
}
