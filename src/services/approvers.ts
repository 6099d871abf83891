import { ResetError } from '../domain/errors.js';
import type { Directory, DirectoryUse } from './ports.js';
import type { ResetRules } from './service-deps.js';

/** Who is an approver, as read for one decision or one display. */
export interface ApproverRoster {
  isApprover(slackUserId: string): Promise<boolean>;
}

/**
 * Approvers are listed by ID or members of an approver user group. For a `decision` the groups are
 * read from Slack itself (a member removed from the group a minute ago must not approve), each at
 * most once per roster; a `display` may use the directory's short cache.
 */
export function approverRoster(
  deps: { directory: Directory; rules: ResetRules },
  use: DirectoryUse,
): ApproverRoster {
  const groups = new Map<string, Promise<readonly string[]>>();
  function membersOf(group: string): Promise<readonly string[]> {
    let members = groups.get(group);
    if (members === undefined) {
      members = deps.directory.userGroupMembers(group, use);
      groups.set(group, members);
    }
    return members;
  }
  return {
    async isApprover(slackUserId) {
      if (deps.rules.approvers.users.includes(slackUserId)) return true;
      for (const group of deps.rules.approvers.userGroups) {
        if ((await membersOf(group)).includes(slackUserId)) return true;
      }
      return false;
    },
  };
}

/** Whether a member is an approver, for display (App Home): the directory's short cache may answer. */
export function isApprover(deps: { directory: Directory; rules: ResetRules }, slackUserId: string) {
  return approverRoster(deps, 'display').isApprover(slackUserId);
}

/** The bot MFA device whose code this approver reads: their own, else the shared one. */
export function approverMfaSerial(rules: ResetRules, slackUserId: string): string {
  const serial = rules.approvers.mfaDevices[slackUserId] ?? rules.botMfaSerial;
  if (serial === undefined) {
    throw new ResetError('NO_APPROVER_MFA_DEVICE', `No bot MFA device is assigned to ${slackUserId}.`, {
      details: { approver: slackUserId },
    });
  }
  return serial;
}
