import { ResetError } from '../domain/errors.js';
import type { ResetPolicy } from './deps.js';
import type { Directory } from './ports.js';

/** Whether a member is an approver: listed by ID, or in one of the approver user groups. */
export async function isApprover(
  deps: { directory: Directory; policy: ResetPolicy },
  slackUserId: string,
): Promise<boolean> {
  if (deps.policy.approvers.users.includes(slackUserId)) return true;
  for (const group of deps.policy.approvers.userGroups) {
    if ((await deps.directory.userGroupMembers(group, 'display')).includes(slackUserId)) return true;
  }
  return false;
}

/** The bot MFA device whose code this approver reads: their own, else the shared one. */
export function approverMfaSerial(policy: ResetPolicy, slackUserId: string): string {
  const serial = policy.approvers.mfaDevices[slackUserId] ?? policy.botMfaSerial;
  if (serial === undefined) {
    throw new ResetError('NO_APPROVER_MFA_DEVICE', `No bot MFA device is assigned to ${slackUserId}.`, {
      details: { approver: slackUserId },
    });
  }
  return serial;
}
