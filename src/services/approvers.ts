import { ResetError } from '../domain/errors.js';
import type { Directory, DirectoryUse } from './ports.js';
import type { ResetRules } from './service-deps.js';

/** Who is an approver, as read for one decision or one display. */
export interface ApproverRoster {
  isApprover(slackUserId: string): Promise<boolean>;
}

/** Approvers as a rule lists them: members by ID and Slack user groups. */
export interface ApproverList {
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
}

/**
 * Approvers are listed by ID or members of an approver user group: the global approvers, or those
 * of a request's approval rule (`approvers`). For a `decision` the groups are read from Slack
 * itself (a member removed from the group a minute ago must not approve), each at most once per
 * roster; a `display` may use the directory's short cache.
 */
export function approverRoster(
  deps: { directory: Directory; rules: ResetRules },
  use: DirectoryUse,
  approvers: ApproverList = deps.rules.approvers,
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
      if (approvers.users.includes(slackUserId)) return true;
      for (const group of approvers.userGroups) {
        if ((await membersOf(group)).includes(slackUserId)) return true;
      }
      return false;
    },
  };
}

/**
 * Whether a member approves anything (the global approvers or any rule's), for display (App Home):
 * the directory's short cache may answer.
 */
export async function isApprover(deps: { directory: Directory; rules: ResetRules }, slackUserId: string) {
  const lists = [deps.rules.approvers, ...deps.rules.approvalRules.map((rule) => rule.approvers)];
  for (const approvers of lists) {
    if (await approverRoster(deps, 'display', approvers).isApprover(slackUserId)) return true;
  }
  return false;
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
