import type { Caller } from './auth.js';

/**
 * How CloudTrail names the caller of an event: the `userIdentity` element of the record, and the
 * Username LookupEvents answers (the user's name; for a role session, the session's name).
 */
function sessionAttributes(caller: Caller, createdAt: Date) {
  return { creationDate: createdAt.toISOString(), mfaAuthenticated: String(caller.mfaAuthenticated) };
}

export function userIdentityOf(caller: Caller, at: Date): Record<string, unknown> {
  const accountId = caller.state.accountId;
  const { roleSession } = caller;
  if (roleSession !== undefined) {
    const { role } = roleSession;
    return {
      type: 'AssumedRole',
      principalId: roleSession.assumedRoleId,
      arn: roleSession.arn,
      accountId,
      accessKeyId: caller.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: role.roleId,
          arn: role.arn,
          accountId,
          userName: role.roleName,
        },
        attributes: sessionAttributes(caller, roleSession.createdAt),
      },
    };
  }
  return {
    type: 'IAMUser',
    principalId: caller.user?.userId,
    arn: caller.arn,
    accountId,
    accessKeyId: caller.accessKeyId,
    userName: caller.user?.userName,
    // Session credentials (GetSessionToken) carry a session context saying whether MFA proved them.
    ...(caller.session === undefined
      ? {}
      : { sessionContext: { attributes: sessionAttributes(caller, at) } }),
  };
}

export function usernameOf(caller: Caller): string {
  return caller.roleSession?.sessionName ?? caller.user?.userName ?? caller.arn;
}

/** CloudTrail's rendering of a credential's expiry in AssumeRole's responseElements, e.g. `Mar 21, 2014, 7:02:46 PM`. */
export function trailExpiration(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const hours = date.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${hours}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${date.getUTCHours() < 12 ? 'AM' : 'PM'}`;
  return `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${time}`;
}
