import { randomUUID } from 'node:crypto';
import type { Accounts } from './accounts.js';
import type { Caller } from './auth.js';
import { recordedIamActions } from './cloudtrail-log.js';
import type { XmlObject } from './xml.js';

/**
 * What CloudTrail keeps of a successful IAM or STS call: the IAM changes, in the log of the account
 * the caller acted in; AssumeRole, in the role's account and, for a caller of another account, in
 * the caller's too (both records share a `sharedEventID`, as CloudTrail's do).
 */
export function recordInTrail(input: {
  accounts: Accounts;
  service: 'iam' | 'sts';
  action: string;
  params: Readonly<Record<string, string>>;
  caller: Caller;
  result: XmlObject | undefined;
  at: Date;
  requestId: string;
  userAgent?: string;
}): void {
  const { accounts, service, action, caller, result, ...event } = input;
  const callerAccount = accounts.of(caller.state);
  if (service === 'iam' && recordedIamActions.has(action)) {
    callerAccount.cloudTrail.recordIamChange({ action, caller, ...event });
    return;
  }
  if (service !== 'sts' || action !== 'AssumeRole') return;
  const accessKeyId = (result?.Credentials as XmlObject | undefined)?.AccessKeyId;
  const session = accounts
    .all()
    .map((account) => account.state.roles.session(String(accessKeyId)))
    .find((found) => found !== undefined);
  if (session === undefined) throw new Error('AssumeRole answered credentials of no session');
  const roleAccount = accounts.get(session.role.accountId)!;
  const sharedEventId = roleAccount === callerAccount ? undefined : randomUUID();
  const record = { caller, session, ...event, ...(sharedEventId === undefined ? {} : { sharedEventId }) };
  roleAccount.cloudTrail.recordAssumeRole(record);
  if (sharedEventId !== undefined) callerAccount.cloudTrail.recordAssumeRole(record);
}
